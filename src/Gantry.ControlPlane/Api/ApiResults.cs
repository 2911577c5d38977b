using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;

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

    public static string ReleaseLocation(string app, int release) => $"/api/v1/apps/{app}/releases/{release}";
}
