using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Gantry.Gateway.Policies;

/// <summary>API keys and blocks of every app, swapped per app in one reference write so a revocation applies to the next request.</summary>
public sealed class GatewayClients
{
    private ImmutableDictionary<string, AppClients> _byApp = ImmutableDictionary<string, AppClients>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>True once any app has a block: until then unprotected routes skip the lookup.</summary>
    public bool HasBlocks => Volatile.Read(ref _hasBlocks);

    private bool _hasBlocks;

    public AppClients For(string app) => Volatile.Read(ref _byApp).GetValueOrDefault(app) ?? AppClients.None;

    public void Replace(string app, AppClients clients)
    {
        ImmutableInterlocked.Update(ref _byApp, map => map.SetItem(app, clients));
        if (clients.HasBlocks)
        {
            Volatile.Write(ref _hasBlocks, true);
        }
    }

    /// <summary>Every app's clients at once; an app left out has no keys and no blocks from now on.</summary>
    public void ReplaceAll(IEnumerable<KeyValuePair<string, AppClients>> byApp)
    {
        var next = ImmutableDictionary.CreateRange(StringComparer.Ordinal, byApp);
        Volatile.Write(ref _byApp, next);
        if (next.Values.Any(c => c.HasBlocks))
        {
            Volatile.Write(ref _hasBlocks, true);
        }
    }

    /// <summary>The hex SHA-256 of a key as sent by a client; keys are long random strings, so a plain hash suffices.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
