using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.ControlPlane.Api;

/// <summary>The API's answers in RFC 9457 problem form, so every error names what is wrong and nothing else leaks.</summary>
public static class ApiResults
{
    public static IResult Problem(int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status);

    public static IResult Invalid(ImmutableArray<SpecError> errors) =>
        Results.Problem(
            title: "The app's files are invalid",
            detail: string.Join("\n", errors.Select(e => e.ToString())),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new SpecErrorInfo(e.File, e.Line, e.Column, e.Field, e.Message, e.ToString())).ToList(),
            });

    public static IResult From(DeployOutcome outcome) => outcome switch
    {
        DeployOutcome.Accepted a => Results.Accepted(ReleaseLocation(a.App, a.Release), new DeployAccepted(a.App, a.Release, ReleaseLocation(a.App, a.Release))),
        DeployOutcome.Invalid i => Invalid(i.Errors),
        DeployOutcome.Refused r => Problem(r.StatusCode, r.Message),
        _ => throw new InvalidOperationException("unknown outcome"),
    };

    /// <summary>A shared service's answer: <paramref name="done"/> of what it made, or its refusal as a problem.</summary>
    public static IResult From<T>(Outcome<T> outcome, Func<T, IResult> done) =>
        outcome.Refused is { } refused ? Problem((int)refused.Kind, refused.Message) : done(outcome.Value!);

    /// <summary>A change with nothing to answer: 204, or its refusal as a problem.</summary>
    public static IResult From(Refusal? refused) =>
        refused is null ? Results.NoContent() : Problem((int)refused.Kind, refused.Message);

    /// <summary>
    /// The answer to a status without a body (no route, a method not allowed): problem JSON whatever the client accepts,
    /// since the framework's default falls back to plain text for an Accept it cannot meet.
    /// </summary>
    public static Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var detail = http.Response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => "the request could not be read: its body is cut short or malformed",
            StatusCodes.Status404NotFound => $"there is nothing at {http.Request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}",
            StatusCodes.Status413PayloadTooLarge => http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit
                ? $"the body is larger than the {limit} bytes this server takes"
                : "the body is larger than this server takes",
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType(http),
            _ => null,
        };
        return Results.Problem(detail: detail, statusCode: http.Response.StatusCode).ExecuteAsync(http);
    }

    public static string UnsupportedMediaType(HttpContext http) =>
        $"Content-Type: '{http.Request.ContentType}' is not taken here; send application/json";

    /// <summary>Where a body stopped being the JSON an endpoint takes; the reader's own message names .NET types, not fields.</summary>
    public static string DescribeJson(System.Text.Json.JsonException json)
    {
        // "... missing required properties including: 'route', 'client'." — the field names are worth passing on.
        const string Missing = "missing required properties including: ";
        if (json.Message.IndexOf(Missing, StringComparison.Ordinal) is >= 0 and var start)
        {
            var names = json.Message[(start + Missing.Length)..].TrimEnd('.', ' ');
            return $"body: {names} {(names.Contains(',', StringComparison.Ordinal) ? "are" : "is")} required";
        }

        var at = $"(line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})";
        var field = json.Path?.TrimStart('$').TrimStart('.');
        return string.IsNullOrEmpty(field)
            ? $"body: not valid JSON, or not the JSON object this endpoint takes {at}"
            : $"body: '{field}' is not valid JSON or not of the expected type {at}";
    }

    public static string ReleaseLocation(string app, int release) => $"/api/v1/apps/{app}/releases/{release}";
}
