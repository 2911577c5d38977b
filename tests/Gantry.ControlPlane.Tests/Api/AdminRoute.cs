namespace Gantry.ControlPlane.Tests.Api;

/// <summary>One endpoint of the admin server with one of its methods, and a URL that routes to it.</summary>
/// <param name="Pattern">The route pattern as mapped, for example <c>/api/v1/apps/{app:regex(…)}/scale</c>.</param>
/// <param name="Method">An HTTP method the endpoint accepts (GET for endpoints that name none).</param>
/// <param name="Url">The pattern with its parameters filled with plausible values; null when they could not be filled.</param>
/// <param name="Problem">Why no URL could be made, when <paramref name="Url"/> is null.</param>
internal sealed record AdminRoute(string Pattern, string Method, string? Url, string? Problem)
{
    /// <summary>The pattern as the access table writes it (<c>/api/v1/apps/{app}/scale</c>); null for an endpoint without a route.</summary>
    public string? Normalized { get; init; }

    public override string ToString() => $"{Method} {Pattern}";
}
