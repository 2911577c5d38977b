using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>An API key as a gateway knows it: the hex SHA-256 of the key, never the key itself, and the roles it carries.</summary>
public sealed record ApiKeyConfig(string Id, string Name, string Sha256, ImmutableArray<string> Roles);
