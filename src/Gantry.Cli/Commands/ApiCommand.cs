using System.CommandLine;
using Gantry.Cli.Client;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary>Runs a command that talks to the server, turning API problems into messages and exit codes.</summary>
public static class ApiCommand
{
    public static async Task<int> RunAsync(ParseResult parse, Func<GantryClient, Task<int>> body)
    {
        try
        {
            using var client = new GantryClient(Connection.Resolve(parse.GetValue(CommonOptions.Server)));
            return await body(client);
        }
        catch (ApiException ex)
        {
            Printer.Fail(ex.Message);
            foreach (var error in ex.Errors)
            {
                Printer.Error.WriteLine($"  {error}");
            }

            return ex.ExitCode;
        }
        catch (ServerUnreachableException ex)
        {
            Printer.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (UriFormatException ex)
        {
            Printer.Fail($"--server: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>Adds a description with an example, which <c>--help</c> prints.</summary>
    public static string Describe(string summary, params string[] examples) =>
        summary + "\n\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e));
}
