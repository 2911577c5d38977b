using System.Collections.Immutable;
using System.Globalization;
using Gantry.Gateway.Config;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.Gateway.Policies;

/// <summary>
/// One route's policies, compiled once per publish. <see cref="AdmitAsync"/> runs them in the documented order —
/// HTTPS redirect, IP rules, CORS, authentication, blocks, access rules, rate limit, body size, bandwidth — and
/// answers the request itself when one refuses it. Day and total quotas go to the shared quota when one is set.
/// </summary>
internal sealed partial class CompiledRoutePolicy
{
    private readonly string _app;
    private readonly string _routeKey;
    private readonly RoutePolicyConfig _spec;
    private readonly PolicyState _state;
    private readonly IpRules? _ipRules;
    private readonly CorsPolicy? _cors;
    private readonly JwtAuthenticator? _jwt;
    private RateLimitTexts? _limitTexts;

    public CompiledRoutePolicy(string app, string routeKey, RoutePolicyConfig spec, PolicyState state, JwtAuthenticator? jwt)
    {
        _app = app;
        _routeKey = routeKey;
        _spec = spec;
        _state = state;
        _jwt = jwt;
        _ipRules = IpRules.Create(spec.IpAllow, spec.IpDeny);
        _cors = spec.Cors is { } cors ? new CorsPolicy(cors) : null;
        DecidesFromHead = CanDecideFromHead(spec);
    }

    public TimeSpan? Timeout => _spec.Timeout;

    public int? Retries => _spec.Retries;

    public bool CountsBandwidth => _spec.BandwidthPerMinute is not null;

    /// <summary>True when the request may go on to the app; false when a policy already answered it.</summary>
    public async ValueTask<bool> AdmitAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = context.Request;
        if (_spec.HttpsRedirect && !request.IsHttps && _state.HttpsPort is { } httpsPort)
        {
            RedirectToHttps(context, httpsPort);
            return false;
        }

        var ip = IdentityHeaders.ClientAddress(context);
        if (_ipRules is not null && !_ipRules.Allows(context.Connection.RemoteIpAddress))
        {
            await PolicyResponses.WriteAsync(context, 403, "Address not allowed", $"requests from {ip} are not allowed on this route");
            return false;
        }

        if (_cors is not null)
        {
            if (CorsPolicy.IsPreflight(request))
            {
                await _cors.AnswerPreflightAsync(context);
                return false;
            }

            _cors.AddResponseHeaders(context);
        }

        if (_spec.Auth is { } auth)
        {
            var (identity, problem) = await AuthenticateAsync(context, auth, ip);
            if (identity is null)
            {
                await Unauthorized(context, problem!);
                return false;
            }

            feature.Identity = identity;
        }

        if (_state.Clients.For(_app).IsBlocked(feature.Identity, ip))
        {
            await PolicyResponses.WriteAsync(context, 403, "Client blocked", "this client is blocked from the app");
            return false;
        }

        if (!await CheckAccessAsync(context, feature.Identity))
        {
            return false;
        }

        feature.Client = ClientKey(feature.Identity, ip, addressKey: null);
        return await CheckRateAsync(context, feature) && await CheckBodyAsync(context, feature);
    }

    /// <summary>After the app answered: counts the bytes the request moved against the client's bandwidth.</summary>
    public void Complete(HttpContext context, GatewayRequestFeature feature)
    {
        if (_spec.BandwidthPerMinute is null || feature.Client is null)
        {
            return;
        }

        var bytes = (feature.RequestBody?.Bytes ?? context.Request.ContentLength ?? 0) + (feature.ResponseBody?.Bytes ?? 0);
        _state.Bandwidth.Add(_routeKey, feature.Client, UnixMinute(), bytes);
    }

    private async ValueTask<(RequestIdentity? Identity, string? Problem)> AuthenticateAsync(HttpContext context, AuthConfig auth, string ip)
    {
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.ToString();
        if (_jwt is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The common case, a token seen before, is looked up in place: no copy of the token per request.
            return _jwt.Cached(authorization.AsSpan(7).Trim()) is { } known
                ? (known.Identity, null)
                : await _jwt.AuthenticateAsync(authorization[7..].Trim(), context.RequestAborted);
        }

        var key = headers[IdentityHeaders.ApiKey].ToString();
        if (auth.ApiKeys && key.Length > 0)
        {
            return _state.Clients.For(_app).FindKey(GatewayClients.Hash(key)) is { } entry
                ? (new RequestIdentity("key", null, entry.Id, entry.Roles, [], $"key:{entry.Id}"), null)
                : (null, "the API key is not valid for this app (unknown or revoked)");
        }

        if (auth.Anonymous)
        {
            return (new RequestIdentity("anonymous", null, null, [], [], $"ip:{ip}"), null);
        }

        var expected = (_jwt is not null, auth.ApiKeys) switch
        {
            (true, true) => "a bearer token (Authorization: Bearer ...) or an API key (X-Api-Key)",
            (true, false) => "a bearer token (Authorization: Bearer ...)",
            _ => "an API key (X-Api-Key)",
        };
        return (null, $"this route needs {expected}");
    }

    private Task Unauthorized(HttpContext context, string problem)
    {
        var description = problem.Replace("\"", "'", StringComparison.Ordinal);
        context.Response.Headers.WWWAuthenticate = _jwt is not null
            ? $"Bearer error=\"invalid_token\", error_description=\"{description}\""
            : "ApiKey";
        return PolicyResponses.WriteAsync(context, 401, "Unauthorized", problem);
    }

    private async ValueTask<bool> CheckAccessAsync(HttpContext context, RequestIdentity? identity)
    {
        var method = context.Request.Method;
        if (UnmetRule(method, identity) is not { } rule)
        {
            return true;
        }

        var needs = string.Join(" and ", new[]
        {
            rule.Roles.IsEmpty ? null : $"one of the roles {string.Join(", ", rule.Roles)}",
            rule.Scopes.IsEmpty ? null : $"the scopes {string.Join(" ", rule.Scopes)}",
        }.OfType<string>());
        if (identity is null || identity.Kind == "anonymous")
        {
            await Unauthorized(context, $"{method} on this route needs credentials with {needs}");
            return false;
        }

        await PolicyResponses.WriteAsync(context, 403, "Forbidden", $"{method} on this route needs {needs}");
        return false;
    }

    /// <summary>The first access rule naming <paramref name="method"/> that the caller does not satisfy; null when none. Allocates nothing.</summary>
    private AccessRuleConfig? UnmetRule(string method, RequestIdentity? identity)
    {
        var roles = identity?.Roles ?? [];
        var scopes = identity?.Scopes ?? [];
        foreach (var rule in _spec.Access)
        {
            if (!rule.Methods.IsEmpty && !ContainsIgnoreCase(rule.Methods, method))
            {
                continue;
            }

            var hasRole = rule.Roles.IsEmpty;
            foreach (var role in rule.Roles)
            {
                hasRole |= roles.Contains(role);
            }

            var hasScopes = true;
            foreach (var scope in rule.Scopes)
            {
                hasScopes &= scopes.Contains(scope);
            }

            if (!hasRole || !hasScopes)
            {
                return rule;
            }
        }

        return null;
    }

    private static bool ContainsIgnoreCase(ImmutableArray<string> items, string value)
    {
        foreach (var item in items)
        {
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<bool> CheckBodyAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = context.Request;
        if (_spec.MaxBodyBytes is { } max)
        {
            if (request.ContentLength > max)
            {
                await PolicyResponses.WriteAsync(context, 413, "Request body too large", $"the request body is {request.ContentLength} bytes; this route accepts at most {max}");
                return false;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = null; // the counting stream enforces the route's limit with a clear answer
            }
        }

        if (_spec.BandwidthPerMinute is { } bandwidth)
        {
            var used = _state.Bandwidth.Used(_routeKey, feature.Client!, UnixMinute());
            if (used >= bandwidth)
            {
                context.Response.Headers.RetryAfter = (60 - DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 60).ToString(CultureInfo.InvariantCulture);
                await PolicyResponses.WriteAsync(context, 429, "Bandwidth exceeded", $"this client moved {used} bytes this minute; this route allows {bandwidth} per minute");
                return false;
            }

            feature.ResponseBody = new CountingStream(context.Response.Body);
            context.Response.Body = feature.ResponseBody;
        }

        if (_spec.MaxBodyBytes is not null || _spec.BandwidthPerMinute is not null)
        {
            feature.RequestBody = new CountingStream(request.Body, _spec.MaxBodyBytes ?? long.MaxValue);
            request.Body = feature.RequestBody;
        }

        return true;
    }

    private static void RedirectToHttps(HttpContext context, int httpsPort)
    {
        var request = context.Request;
        var host = request.Host.Host;
        var port = httpsPort == 443 ? "" : $":{httpsPort}";
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = $"https://{host}{port}{request.PathBase}{request.Path}{request.QueryString}";
    }

    private static long UnixMinute() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
}
