using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>The route's rate limit: whose count a request is, which quota applies, where it is counted, and the RateLimit-* headers.</summary>
internal sealed partial class CompiledRoutePolicy
{
    private async ValueTask<bool> CheckRateAsync(HttpContext context, GatewayRequestFeature feature)
    {
        if (_spec.RateLimit is not { } limit)
        {
            return true;
        }

        var quota = QuotaFor(limit, feature.Identity, out var tier);
        if (quota.IsUnlimited)
        {
            return true;
        }

        var decision = CountsShared(quota, out var shared)
            ? await CountSharedAsync(shared, _state.Counters.For(_routeKey, feature.Client!), quota, tier, feature.Client!, DateTimeOffset.UtcNow, context.RequestAborted)
            : CountLocally(quota, feature.Client!);
        var headers = context.Response.Headers;
        SetRateHeaders(headers, decision, RateLimitTexts.For(ref _limitTexts, decision));
        if (decision.Admitted)
        {
            return true;
        }

        var detail = decision.Window == "total"
            ? $"this client has used all {decision.Limit} requests it may make on this route"
            : $"this client may make {decision.Limit} requests per {decision.Window} on this route; try again in {decision.ResetSeconds}s";
        if (decision.Window != "total")
        {
            headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }

        await PolicyResponses.WriteAsync(context, 429, "Too many requests", detail);
        return false;
    }

    /// <summary>
    /// Second and minute counted here (per gateway by design), day and total by the shared quota; by this gateway alone
    /// when the shared quota cannot answer. A request refused by the day or total window gives its second and minute count back.
    /// </summary>
    private async ValueTask<QuotaDecision> CountSharedAsync(
        SharedQuotaGate shared, ClientCounter counter, QuotaConfig quota, string? tier, string client, DateTimeOffset now, CancellationToken aborted)
    {
        var perGateway = counter.TryCount(quota, now, QuotaWindows.PerGateway);
        if (!perGateway.Admitted)
        {
            return perGateway;
        }

        QuotaDecision dayAndTotal;
        try
        {
            if (await shared.TryCountAsync(new SharedQuotaRequest(_routeKey, client) { Tier = tier }, aborted) is { } answer)
            {
                dayAndTotal = new QuotaDecision(answer.Admitted, answer.Window, answer.Limit, answer.Remaining, answer.ResetSeconds, answer.WindowSeconds);
            }
            else
            {
                dayAndTotal = counter.TryCount(quota, now, QuotaWindows.DayAndTotal);
                _state.Counters.MarkChanged();
            }
        }
        catch
        {
            counter.GiveBackPerGateway(now); // the caller went away while the shared quota was asked
            throw;
        }

        if (!dayAndTotal.Admitted)
        {
            counter.GiveBackPerGateway(now);
            return dayAndTotal;
        }

        // The tightest window for the RateLimit-* headers, as one local count picks it (ties: the shorter window).
        return perGateway.Window.Length == 0 || (dayAndTotal.Window.Length > 0 && dayAndTotal.Remaining < perGateway.Remaining)
            ? dayAndTotal
            : perGateway;
    }

    /// <summary>Day and total windows are counted by the shared quota when one is set and answering.</summary>
    private bool CountsShared(QuotaConfig quota, [NotNullWhen(true)] out SharedQuotaGate? shared)
    {
        shared = _state.SharedGate is { IsPaused: false } gate && (quota.PerDay is not null || quota.Total is not null) ? gate : null;
        return shared is not null;
    }

    /// <summary>Routes without day or total limits, and gateways counting alone: synchronous, nothing allocated.</summary>
    private QuotaDecision CountLocally(QuotaConfig quota, string client)
    {
        var decision = _state.Counters.For(_routeKey, client).TryCount(quota, DateTimeOffset.UtcNow);
        if (quota.PerDay is not null || quota.Total is not null)
        {
            _state.Counters.MarkChanged();
        }

        return decision;
    }

    private static void SetRateHeaders(IHeaderDictionary headers, in QuotaDecision decision, RateLimitTexts texts)
    {
        headers["RateLimit-Limit"] = texts.Limit;
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = texts.Policy;
    }

    /// <summary>The caller's quota, and the role of its tier (null: the default quota), which a shared count names.</summary>
    private static QuotaConfig QuotaFor(RateLimitConfig limit, RequestIdentity? identity, out string? tier)
    {
        if (identity is not null && !identity.Roles.IsDefaultOrEmpty)
        {
            foreach (var candidate in limit.Tiers)
            {
                if (identity.Roles.Contains(candidate.Role))
                {
                    tier = candidate.Role;
                    return candidate.Quota;
                }
            }
        }

        tier = null;
        return limit.Default;
    }

    /// <summary>The key a client is counted by; <paramref name="addressKey"/> is <c>ip:ADDRESS</c> when the caller has it made already.</summary>
    private string ClientKey(RequestIdentity? identity, string ip, string? addressKey) => _spec.RateLimit?.Client switch
    {
        // An identity's own client key is key:ID or sub:SUBJECT already: no new string per request.
        "key" => identity?.KeyId is { } key ? (identity.Kind == "key" ? identity.Client : $"key:{key}") : addressKey ?? $"ip:{ip}",
        "subject" => identity?.Subject is { } subject ? (identity.Kind == "jwt" ? identity.Client : $"sub:{subject}") : addressKey ?? $"ip:{ip}",
        "ip" => addressKey ?? $"ip:{ip}",
        _ => identity is null || identity.Kind == "anonymous" ? addressKey ?? $"ip:{ip}" : identity.Client,
    };
}
