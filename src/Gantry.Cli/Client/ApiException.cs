namespace Gantry.Cli.Client;

/// <summary>The server answered with an error; <c>Message</c> is the problem's detail, ready to print.</summary>
public sealed class ApiException(int statusCode, string message, IReadOnlyList<string> errors) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>For invalid app files: each error as <c>file:line:column: field: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>4xx means the request was wrong (exit 2); anything else means the operation failed (exit 1).</summary>
    public int ExitCode => StatusCode is >= 400 and < 500 ? ExitCodes.InvalidInput : ExitCodes.Failed;
}
