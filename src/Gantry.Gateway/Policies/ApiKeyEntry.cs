using System.Collections.Immutable;

namespace Gantry.Gateway.Policies;

/// <summary>An API key of an app as the gateway knows it: the SHA-256 of the key (hex), never the key itself.</summary>
public sealed record ApiKeyEntry(string Id, string Name, string Sha256, ImmutableArray<string> Roles);
