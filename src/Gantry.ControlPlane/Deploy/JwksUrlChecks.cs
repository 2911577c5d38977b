using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.Gateway.Policies;

namespace Gantry.ControlPlane.Deploy;

/// <summary>What only the network tells about an app's JWKS URLs, as load errors at the fields that named them.</summary>
internal static class JwksUrlChecks
{
    /// <summary>Fetches each URL once, as the gateway will; a refusal becomes an error at its <c>jwksUrl</c> field.</summary>
    public static async Task<ImmutableArray<SpecError>> CheckAsync(this JwksFetcher fetcher, IEnumerable<JwksUrlReference> urls, CancellationToken ct)
    {
        var checks = urls.Select(async url => await fetcher.ProblemAtAsync(url.Url, ct) is { } problem ? url.Refused(problem) : null);
        return [.. (await Task.WhenAll(checks)).OfType<SpecError>()];
    }
}
