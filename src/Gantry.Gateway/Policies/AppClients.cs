using System.Collections.Frozen;
using System.Collections.Immutable;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>An app's active API keys and blocked clients, published by the control plane after every change.</summary>
public sealed class AppClients
{
    private readonly FrozenDictionary<string, ApiKeyConfig> _keysByHash;
    private readonly FrozenSet<string> _blockedKeys;
    private readonly FrozenSet<string> _blockedSubjects;
    private readonly FrozenSet<string> _blockedIps;

    public AppClients(IEnumerable<ApiKeyConfig> keys, IEnumerable<string> blockedKeyIds, IEnumerable<string> blockedSubjects, IEnumerable<string> blockedIps)
    {
        _keysByHash = keys.ToFrozenDictionary(k => k.Sha256, StringComparer.OrdinalIgnoreCase);
        _blockedKeys = blockedKeyIds.ToFrozenSet(StringComparer.Ordinal);
        _blockedSubjects = blockedSubjects.ToFrozenSet(StringComparer.Ordinal);
        _blockedIps = blockedIps.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public static AppClients None { get; } = new([], [], [], []);

    public bool HasBlocks => _blockedKeys.Count + _blockedSubjects.Count + _blockedIps.Count > 0;

    public ImmutableArray<ApiKeyConfig> Keys => [.. _keysByHash.Values];

    public ApiKeyConfig? FindKey(string sha256) => _keysByHash.GetValueOrDefault(sha256);

    /// <summary>True when the identity's key, subject or the caller's address is blocked.</summary>
    public bool IsBlocked(RequestIdentity? identity, string ip) =>
        (_blockedIps.Count > 0 && _blockedIps.Contains(ip))
        || (identity?.KeyId is { } key && _blockedKeys.Contains(key))
        || (identity?.Subject is { } subject && _blockedSubjects.Contains(subject));
}
