using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>An app's active API keys and the clients it blocks (by key id, JWT subject or address).</summary>
public sealed record AppClientsConfig(
    string App,
    ImmutableArray<ApiKeyConfig> Keys,
    ImmutableArray<string> BlockedKeyIds,
    ImmutableArray<string> BlockedSubjects,
    ImmutableArray<string> BlockedIps);
