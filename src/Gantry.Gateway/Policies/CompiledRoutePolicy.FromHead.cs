using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The policies decided from a request head alone, for the fast path: it admits only what <see cref="AdmitAsync"/>
/// would admit with the same counts, and leaves every other request (refusals included, which count nothing) to the
/// framework path, which answers it as it always did.
/// </summary>
internal sealed partial class CompiledRoutePolicy
{
    /// <summary>
    /// True when the route's policies need neither an answer of their own (redirects, CORS), nor the body
    /// (bandwidth), nor settings of the framework's forwarder (timeout, retries).
    /// </summary>
    public bool DecidesFromHead { get; }

    /// <summary>
    /// Admitted: the request is counted and <paramref name="admission"/> says what to add to it and to its answer.
    /// <see cref="HeadVerdict.ValidateTokenFirst"/>: a bearer token not validated yet (<see cref="ValidateTokenAsync"/>,
    /// then ask again). Otherwise the framework path decides (a refusal, an API key, a shared count). Allocates nothing.
    /// </summary>
    public HeadVerdict TryAdmitFromHead(in HeadPolicyRequest request, out HeadAdmission admission)
    {
        admission = default;
        var client = request.Client;
        if ((_ipRules is not null && !_ipRules.Allows(client.Remote)) || request.ContentLength > _spec.MaxBodyBytes)
        {
            return HeadVerdict.FrameworkPath;
        }

        RequestIdentity? identity = null;
        byte[]? lines = null;
        if (_spec.Auth is { } auth && IdentifyFromHead(auth, request, out identity, out lines) is var identified and not HeadVerdict.Admitted)
        {
            return identified;
        }

        if (_state.Clients.For(_app).IsBlocked(identity, client.Address) || UnmetRule(request.Method, identity) is not null)
        {
            return HeadVerdict.FrameworkPath;
        }

        var key = ClientKey(identity, client.Address, client.AddressKey);
        var quota = _spec.RateLimit is { } limit ? QuotaFor(limit, identity, out _) : null;
        if (quota is null || quota.IsUnlimited)
        {
            admission = new HeadAdmission(identity, lines, key, default, null);
            return HeadVerdict.Admitted;
        }

        if (CountsShared(quota, out _))
        {
            return HeadVerdict.FrameworkPath;
        }

        var decision = CountLocally(quota, key);
        if (!decision.Admitted)
        {
            return HeadVerdict.FrameworkPath; // nothing was counted: the framework path counts again and refuses with its page
        }

        admission = new HeadAdmission(identity, lines, key, decision, RateLimitTexts.For(ref _limitTexts, decision));
        return HeadVerdict.Admitted;
    }

    /// <summary>
    /// Validates a bearer token the fast path has not seen, so that the request (and the connection's next ones) can
    /// stay on the fast path: a valid token lands in the token cache. An invalid one is refused by the framework path.
    /// </summary>
    public async ValueTask ValidateTokenAsync(string token, CancellationToken ct)
    {
        if (_jwt is not null)
        {
            await _jwt.AuthenticateAsync(token, ct);
        }
    }

    /// <summary>
    /// A request the fast path admitted and then handed to the framework path (its app connection failed before an
    /// answer): what the policies established is applied again, without counting the request a second time.
    /// </summary>
    public void Readmit(HttpContext context, GatewayRequestFeature feature, in HeadAdmission admission)
    {
        feature.Identity = admission.Identity;
        feature.Client = admission.Client;
        if (admission.Texts is { } texts)
        {
            SetRateHeaders(context.Response.Headers, admission.Rate, texts);
        }
    }

    private HeadVerdict IdentifyFromHead(AuthConfig auth, in HeadPolicyRequest request, out RequestIdentity? identity, out byte[]? lines)
    {
        identity = null;
        lines = null;
        var authorization = request.Authorization;
        if (_jwt is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[7..].Trim();
            switch (token.IsEmpty ? null : _jwt.Cached(token))
            {
                case null:
                    return token.Length is > 0 and <= JwtAuthenticator.MaxCachedTokenLength ? HeadVerdict.ValidateTokenFirst : HeadVerdict.FrameworkPath;
                case { Lines: null }:
                    return HeadVerdict.FrameworkPath; // an identity the fast path cannot write as plain header lines
                case var known:
                    (identity, lines) = (known.Identity, known.Lines);
                    return HeadVerdict.Admitted;
            }
        }

        if ((auth.ApiKeys && request.HasApiKey) || !auth.Anonymous)
        {
            return HeadVerdict.FrameworkPath;
        }

        var anonymous = request.Client.Anonymous;
        (identity, lines) = (anonymous.Identity, anonymous.Lines);
        return lines is null ? HeadVerdict.FrameworkPath : HeadVerdict.Admitted;
    }


    private static bool CanDecideFromHead(RoutePolicyConfig spec) =>
        !spec.HttpsRedirect && spec.Cors is null && spec.BandwidthPerMinute is null && spec.Timeout is null && spec.Retries is null;
}
