using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Gantry.ControlPlane.Api;

/// <summary>
/// Turns a request the framework could not read (a body that is not the JSON an endpoint takes, a query value that does
/// not parse, a body too large) into a problem with its own status and the field it is about, instead of a 500.
/// </summary>
public sealed partial class BadRequestProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        await ApiResults.Problem(bad.StatusCode, Describe(httpContext, bad)).ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>Says it in the API's words: the framework's messages name .NET types ("Nullable&lt;int&gt; limit").</summary>
    private static string Describe(HttpContext http, BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return ApiResults.DescribeJson(json);
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ApiResults.UnsupportedMediaType(http);
        }

        var binding = FailedBinding().Match(bad.Message);
        if (!binding.Success)
        {
            return bad.Message;
        }

        var expected = binding.Groups["type"].Value switch
        {
            var t when t.Contains("bool", StringComparison.OrdinalIgnoreCase) || t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            var t when t.Contains("int", StringComparison.OrdinalIgnoreCase) || t.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number in range",
            _ => "a value of the expected form",
        };
        return $"{binding.Groups["name"].Value}: '{binding.Groups["value"].Value}' is not {expected}";
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[A-Za-z0-9_]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FailedBinding();
}
