using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Every endpoint the admin server maps, read from its own <see cref="EndpointDataSource"/> (so a new endpoint is in the
/// list without anyone adding it), each with a URL whose parameters pass the route's constraints.
/// </summary>
internal static class AdminRoutes
{
    public static IReadOnlyList<AdminRoute> Enumerate(IServiceProvider services, IReadOnlyDictionary<string, string> values)
    {
        var binders = services.GetRequiredService<TemplateBinderFactory>();
        var routes = new List<AdminRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint route)
            {
                routes.Add(new AdminRoute(endpoint.DisplayName ?? endpoint.GetType().Name, "GET", null, "not a route endpoint: nothing here can reach it by URL"));
                continue;
            }

            var pattern = "/" + (route.RoutePattern.RawText ?? "").TrimStart('/');
            var (url, problem) = Fill(route.RoutePattern, binders.Create(route.RoutePattern), values);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : ["GET"];
            var normalized = Security.Access.AccessTable.Normalize(route.RoutePattern);
            routes.AddRange(methods.Select(method => new AdminRoute(pattern, method, url, problem) { Normalized = normalized }));
        }

        return routes;
    }

    /// <summary>Fills each parameter by "literal/name" (the segment before it), then by name, then by its constraint's type.</summary>
    private static (string? Url, string? Problem) Fill(RoutePattern pattern, TemplateBinder binder, IReadOnlyDictionary<string, string> values)
    {
        var filled = new RouteValueDictionary();
        var previous = "";
        foreach (var segment in pattern.PathSegments)
        {
            foreach (var part in segment.Parts)
            {
                if (part is RoutePatternLiteralPart literal)
                {
                    previous = literal.Content;
                }
                else if (part is RoutePatternParameterPart parameter)
                {
                    filled[parameter.Name] = values.GetValueOrDefault($"{previous}/{parameter.Name}")
                        ?? values.GetValueOrDefault(parameter.Name)
                        ?? Fallback(parameter);
                }
            }
        }

        if (binder.GetValues(ambientValues: null, filled) is not { } accepted)
        {
            return (null, "the route values were not accepted");
        }

        if (!binder.TryProcessConstraints(httpContext: null, accepted.CombinedValues, out var failed, out _))
        {
            return (null, $"no plausible value for '{failed}' passes its constraint: add one to AdminApiFixture.RouteValues");
        }

        return binder.BindValues(accepted.AcceptedValues) is { } url ? ("/" + url.TrimStart('/'), null) : (null, "the route could not be bound");
    }

    private static string Fallback(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(p => p.Content is "int" or "long" or "decimal" or "double" or "float") ? "1" : "sample";
}
