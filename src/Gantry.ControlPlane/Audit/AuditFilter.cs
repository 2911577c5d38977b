using Gantry.ControlPlane.Store;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Audit;

/// <summary>
/// Audits every API request that can change something (any method but GET, HEAD and OPTIONS): its entry is written
/// with the request's first save, or when it ends having saved nothing that way, with the answer's status.
/// </summary>
public sealed class AuditFilter(IDbContextFactory<GantryDbContext> dbFactory, AuditWriter writer) : IEndpointFilter
{
    private const int MaxClientLength = 200;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context);
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern is { } pattern ? Template(pattern) : http.Request.Path.Value ?? "";
        var client = http.Request.Headers.UserAgent.ToString();
        var scope = new AuditScope(
            http.User.Identity?.Name ?? "unknown",
            http.Connection.RemoteIpAddress?.ToString() ?? "",
            client.Length <= MaxClientLength ? client : client[..MaxClientLength],
            $"{http.Request.Method} {route}",
            http.Request.RouteValues.TryGetValue("app", out var app) ? app?.ToString() : null,
            AuditSummary.Of(http.Request, context.Arguments));
        AuditScope.Current = scope;
        try
        {
            var result = await next(context);
            await RecordAsync(scope, Outcome(result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK));
            return result;
        }
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            await RecordAsync(scope, "failed: the request could not be completed");
            throw;
        }
        finally
        {
            AuditScope.Current = null;
        }
    }

    /// <summary>The route with its parameters' names only (<c>/api/v1/apps/{app}/scale</c>), constraints left out.</summary>
    private static string Template(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => "",
        }))));

    private static string Outcome(int status) => status switch
    {
        < 300 => $"done ({status})",
        < 500 => $"refused ({status})",
        _ => $"failed ({status})",
    };

    private async Task RecordAsync(AuditScope scope, string outcome)
    {
        // Not the request's token: an entry is written even when the client hung up.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await writer.AppendAsync(db, scope, outcome, CancellationToken.None);
    }
}
