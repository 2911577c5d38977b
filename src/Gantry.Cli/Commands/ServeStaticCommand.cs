using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Gantry.Runtime.Builds.Static;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry serve-static --root DIR</c>: Gantry's own static file server, which instances of <c>index.html</c> sites run.</summary>
public static class ServeStaticCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "The folder to serve", Required = true };
        var command = new Command("serve-static", ApiCommand.Describe(
            "Serve a folder over HTTP on 127.0.0.1:$PORT (used by instances of static sites).",
            "PORT=8081 gantry serve-static --root ./site"))
        {
            root,
        };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(root)!;
            if (!folder.Exists)
            {
                Printer.Fail($"--root: {folder} does not exist");
                return ExitCodes.InvalidInput;
            }

            if (!int.TryParse(Environment.GetEnvironmentVariable("PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                port = 8080;
            }

            await StaticSiteServer.RunAsync(folder.FullName, port, ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
