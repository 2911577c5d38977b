using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Audit;

/// <summary>How entries are chained: each hash covers the entry's fields and the previous entry's hash.</summary>
public static class AuditChain
{
    /// <summary>What the first entry's previous hash is.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over a JSON array of the fields in a fixed order (JSON escapes any separator a field could hold).</summary>
    public static string HashOf(AuditRecord e)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            e.Sequence, e.Time.UtcTicks, e.Actor, e.Address, e.Client, e.Action, e.App, e.Summary, e.Outcome, e.PreviousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The first entry that does not follow from the one before (changed, removed or reordered); null when the chain holds.</summary>
    /// <param name="entries">In sequence order. The first may be later than 1 after old entries were removed by retention: its previous hash is taken as given.</param>
    public static (long Sequence, string Reason)? FirstBroken(IEnumerable<AuditRecord> entries)
    {
        AuditRecord? previous = null;
        foreach (var entry in entries)
        {
            if (previous is not null && entry.Sequence != previous.Sequence + 1)
            {
                return (previous.Sequence + 1, $"entries {previous.Sequence + 1}–{entry.Sequence - 1} are missing");
            }

            if (previous is not null && entry.PreviousHash != previous.Hash)
            {
                return (entry.Sequence, "its previous hash is not the hash of the entry before it");
            }

            if (HashOf(entry) != entry.Hash)
            {
                return (entry.Sequence, "its fields do not match its hash: it was changed after it was written");
            }

            previous = entry;
        }

        return null;
    }
}
