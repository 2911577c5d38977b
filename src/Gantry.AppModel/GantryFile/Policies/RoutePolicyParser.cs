using System.Collections.Immutable;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>Reads <c>workloads[].routes</c>: a mapping from a Score route resource's name to its policy.</summary>
internal static class RoutePolicyParser
{
    private static readonly string[] Fields =
        ["auth", "access", "rateLimit", "maxBodySize", "bandwidthPerMinute", "timeout", "retries", "ipAllow", "ipDeny", "cors", "https", "tls"];

    private static readonly string[] AccessFields = ["methods", "roles", "scopes"];
    private static readonly string[] CorsFields = ["origins", "methods", "headers", "credentials", "maxAge"];
    private static readonly string[] HttpMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public static ImmutableArray<ParsedRoutePolicy> ParseAll(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, null) is not { } map)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ParsedRoutePolicy>(map.Node.Entries.Count);
        foreach (var entry in map.Node.Entries)
        {
            if (Parse(entry.Key, entry.Value, map.FieldOf(entry.Key.Value), errors) is { } policy)
            {
                result.Add(policy);
            }
        }

        return result.ToImmutable();
    }

    private static ParsedRoutePolicy? Parse(YamlScalar name, YamlValue value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } map)
        {
            return null;
        }

        var (auth, jwksFile, jwksField) = AuthParser.Parse(map.Get("auth"), map.FieldOf("auth"), errors);
        var access = ParseAccess(map.Get("access"), map.FieldOf("access"), errors);
        if (!access.IsEmpty && auth is null)
        {
            errors.Add(map.Get("access")!, map.FieldOf("access"), "access rules need 'auth': roles and scopes come from the caller's credentials");
        }

        var https = Scalars.OneOf(map.Get("https"), map.FieldOf("https"), errors, "redirect", "allow");
        var tls = Scalars.OneOf(map.Get("tls"), map.FieldOf("tls"), errors, "passthrough", "terminate");
        if (tls == "passthrough" && map.Node.Entries.FirstOrDefault(e => e.Key.Value is not ("tls" or "https")) is { } http)
        {
            // The gateway never sees the requests of a passthrough route: an HTTP policy there would silently do nothing.
            errors.Add(http.Key, map.FieldOf(http.Key.Value), $"'{http.Key.Value}' cannot apply to a 'tls: passthrough' route: the gateway does not decrypt its traffic");
        }

        var policy = new RoutePolicySpec
        {
            Auth = auth,
            Access = access,
            RateLimit = RateLimitParser.Parse(map.Get("rateLimit"), map.FieldOf("rateLimit"), errors),
            MaxBodyBytes = PolicyScalars.Size(map.Get("maxBodySize"), map.FieldOf("maxBodySize"), errors),
            BandwidthPerMinute = PolicyScalars.Size(map.Get("bandwidthPerMinute"), map.FieldOf("bandwidthPerMinute"), errors),
            Timeout = PolicyScalars.Duration(map.Get("timeout"), map.FieldOf("timeout"), errors),
            Retries = Scalars.Integer(map.Get("retries"), map.FieldOf("retries"), errors, 0, 5),
            IpAllow = PolicyScalars.Networks(map.Get("ipAllow"), map.FieldOf("ipAllow"), errors),
            IpDeny = PolicyScalars.Networks(map.Get("ipDeny"), map.FieldOf("ipDeny"), errors),
            Cors = ParseCors(map.Get("cors"), map.FieldOf("cors"), errors),
            HttpsRedirect = https == "redirect",
            TlsPassthrough = tls == "passthrough",
        };
        return new ParsedRoutePolicy(name, field, policy, jwksFile, jwksField);
    }

    private static ImmutableArray<AccessRuleSpec> ParseAccess(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not YamlList list)
        {
            errors.Add(value, field, $"expected a list of rules ('- methods: [POST]\\n  roles: [admin]'), got {value.Describe()}");
            return [];
        }

        var rules = ImmutableArray.CreateBuilder<AccessRuleSpec>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemField = FieldPath.Index(field, i);
            if (FieldMap.Open(list.Items[i], itemField, errors, AccessFields) is not { } map)
            {
                continue;
            }

            var roles = Names(map, "roles", errors);
            var scopes = Names(map, "scopes", errors);
            if (roles.IsEmpty && scopes.IsEmpty)
            {
                errors.Add(map.Node, itemField, "a rule needs roles, scopes or both");
                continue;
            }

            rules.Add(new AccessRuleSpec(Methods(map.Get("methods"), map.FieldOf("methods"), errors), roles, scopes));
        }

        return rules.ToImmutable();
    }

    private static CorsSpec? ParseCors(YamlValue? value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, CorsFields) is not { } map)
        {
            return null;
        }

        var origins = Names(map, "origins", errors);
        if (origins.IsEmpty)
        {
            errors.Add(map.Node, map.FieldOf("origins"), "list the origins allowed to call (for example https://shop.example.com), or '*'");
        }

        foreach (var origin in origins.Where(o => o != "*" && !IsOrigin(o)))
        {
            errors.Add(map.Get("origins")!, map.FieldOf("origins"), $"'{origin}' is not an origin: scheme, host and optional port, no path");
        }

        var methods = Methods(map.Get("methods"), map.FieldOf("methods"), errors);
        return new CorsSpec(
            origins,
            methods.IsEmpty ? ["GET", "HEAD", "POST"] : methods,
            Names(map, "headers", errors),
            Scalars.Boolean(map.Get("credentials"), map.FieldOf("credentials"), errors) ?? false,
            PolicyScalars.Duration(map.Get("maxAge"), map.FieldOf("maxAge"), errors) ?? TimeSpan.FromMinutes(10));
    }

    private static ImmutableArray<string> Methods(YamlValue? value, string field, FileErrors errors)
    {
        var items = Scalars.StringList(value, field, errors) ?? [];
        var methods = ImmutableArray.CreateBuilder<string>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var method = items[i].Value.ToUpperInvariant();
            if (!HttpMethods.Contains(method))
            {
                errors.Add(items[i], FieldPath.Index(field, i),
                    $"'{items[i].Value}' is not an HTTP method; use {string.Join(", ", HttpMethods)}{Suggestions.Hint(method, HttpMethods)}");
                continue;
            }

            methods.Add(method);
        }

        return methods.ToImmutable();
    }

    private static ImmutableArray<string> Names(FieldMap map, string key, FileErrors errors) =>
        [.. (Scalars.StringList(map.Get(key), map.FieldOf(key), errors) ?? []).Select(s => s.Value).Where(s => s.Length > 0)];

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && !text.EndsWith('/') && uri.Query.Length == 0;
}
