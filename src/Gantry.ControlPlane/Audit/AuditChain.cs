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

    /// <summary>
    /// Checks an export (<c>gantry audit --json</c>): its entries, in any order, must follow each other with no gap, each
    /// hash matching its fields. An export is a window of the chain, so its first entry's previous hash is taken as given.
    /// </summary>
    public static Api.Contracts.AuditVerification VerifyExport(IEnumerable<Api.Contracts.AuditEntryInfo> exported)
    {
        var entries = exported.OrderBy(e => e.Sequence).Select(e => new AuditRecord
        {
            Sequence = e.Sequence, Time = e.Time, Actor = e.Actor, Address = e.Address, Client = e.Client, Action = e.Action, App = e.App,
            Summary = e.Summary, Outcome = e.Outcome, PreviousHash = e.PreviousHash, Hash = e.Hash,
        }).ToList();
        var broken = FirstBroken(entries);
        return new(broken is null, entries.Count, entries.FirstOrDefault()?.Sequence, entries.LastOrDefault()?.Sequence, entries.LastOrDefault()?.Hash, broken?.Sequence, broken?.Reason);
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
