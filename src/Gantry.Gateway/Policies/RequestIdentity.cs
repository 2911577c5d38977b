using System.Collections.Immutable;

namespace Gantry.Gateway.Policies;

/// <summary>Who made a request, as the gateway established it; forwarded to the app as <c>X-Gantry-*</c> headers.</summary>
/// <param name="Kind"><c>jwt</c>, <c>key</c> or <c>anonymous</c>.</param>
/// <param name="Client">The key the client is counted and blocked by: <c>key:ID</c>, <c>sub:SUBJECT</c> or <c>ip:ADDRESS</c>.</param>
public sealed record RequestIdentity(
    string Kind,
    string? Subject,
    string? KeyId,
    ImmutableArray<string> Roles,
    ImmutableArray<string> Scopes,
    string Client);
