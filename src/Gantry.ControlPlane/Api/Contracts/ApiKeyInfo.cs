namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>An API key as listed: never the key itself, which is shown once, at creation, in <see cref="CreatedApiKey"/>.</summary>
public sealed record ApiKeyInfo(string Id, string App, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new key: <c>Key</c> is shown this once; Gantry keeps only its hash.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Body of <c>POST /apps/APP/keys</c>.</summary>
public sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Roles);

/// <summary>A blocked client of an app.</summary>
public sealed record ClientBlockInfo(long Id, string App, string Kind, string Value, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /apps/APP/blocks</c>: <c>Kind</c> is key, subject or ip.</summary>
public sealed record CreateBlockRequest(string? Kind, string? Value);
