using System.Text;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The headers that tell an app who called. Whatever a client sends under these names is dropped on every route,
/// so an app can trust them; the gateway sets them only from credentials it validated.
/// </summary>
internal static class IdentityHeaders
{
    public const string Auth = "X-Gantry-Auth";
    public const string Subject = "X-Gantry-Subject";
    public const string KeyId = "X-Gantry-Key-Id";
    public const string Roles = "X-Gantry-Roles";
    public const string Scopes = "X-Gantry-Scopes";
    public const string Client = "X-Gantry-Client";
    public const string ApiKey = "X-Api-Key";

    /// <summary>Every identity header; with <see cref="ApiKey"/>, what is dropped from a client's request.</summary>
    public static readonly IReadOnlyList<string> All = [Auth, Subject, KeyId, Roles, Scopes, Client];

    /// <summary>Removes client-sent copies and adds what the gateway established (nothing when <paramref name="identity"/> is null).</summary>
    public static void Apply(HttpRequestMessage proxyRequest, RequestIdentity? identity)
    {
        var headers = proxyRequest.Headers;
        foreach (var name in All)
        {
            headers.Remove(name);
        }

        // The key is a credential for the gateway, not for the app.
        headers.Remove(ApiKey);
        if (identity is null)
        {
            return;
        }

        headers.TryAddWithoutValidation(Auth, identity.Kind);
        headers.TryAddWithoutValidation(Client, identity.Client);
        if (identity.Subject is { } subject)
        {
            headers.TryAddWithoutValidation(Subject, subject);
        }

        if (identity.KeyId is { } keyId)
        {
            headers.TryAddWithoutValidation(KeyId, keyId);
        }

        if (!identity.Roles.IsDefaultOrEmpty)
        {
            headers.TryAddWithoutValidation(Roles, string.Join(',', identity.Roles));
        }

        if (!identity.Scopes.IsDefaultOrEmpty)
        {
            headers.TryAddWithoutValidation(Scopes, string.Join(' ', identity.Scopes));
        }
    }

    /// <summary>The client's address without the IPv4-in-IPv6 wrapping Kestrel may give it.</summary>
    public static string ClientAddress(HttpContext context) => ConnectionClient.Format(context.Connection.RemoteIpAddress);

    /// <summary>
    /// The header lines <see cref="Apply"/> adds for <paramref name="identity"/>, as bytes for the fast path; null when
    /// a value is not plain visible ASCII (the framework path then forwards the request).
    /// </summary>
    public static byte[]? Lines(RequestIdentity identity)
    {
        var lines = new StringBuilder();
        var plain = Line(lines, Auth, identity.Kind)
            & Line(lines, Client, identity.Client)
            & Line(lines, Subject, identity.Subject)
            & Line(lines, KeyId, identity.KeyId)
            & Line(lines, Roles, identity.Roles.IsDefaultOrEmpty ? null : string.Join(',', identity.Roles))
            & Line(lines, Scopes, identity.Scopes.IsDefaultOrEmpty ? null : string.Join(' ', identity.Scopes));
        return plain ? Encoding.ASCII.GetBytes(lines.ToString()) : null;
    }

    /// <summary>False when the value holds anything but visible ASCII and spaces.</summary>
    private static bool Line(StringBuilder lines, string name, string? value)
    {
        if (value is null)
        {
            return true;
        }

        lines.Append(name).Append(": ").Append(value).Append("\r\n");
        return !value.AsSpan().ContainsAnyExceptInRange(' ', '~');
    }
}
