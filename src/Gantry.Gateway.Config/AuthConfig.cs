namespace Gantry.Gateway.Config;

/// <summary>How callers prove who they are: a JWT bearer token, an app API key (<c>X-Api-Key</c>), or either.</summary>
/// <param name="Anonymous">Requests without credentials pass as anonymous clients (counted by IP); bad credentials still fail.</param>
public sealed record AuthConfig(JwtConfig? Jwt, bool ApiKeys, bool Anonymous);
