using System.CommandLine;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry ca</c>: prints (or saves) the local CA certificate that signs *.localhost apps' certificates.</summary>
public static class CaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("-o", "--output") { Description = "Write the certificate to this file instead of printing it" };
        var command = new Command("ca", ApiCommand.Describe(
            "Print this installation's local CA certificate (PEM). Trust it to reach *.localhost apps over HTTPS without warnings; it can sign localhost names only.",
            "gantry ca -o gantry-ca.pem && curl --cacert gantry-ca.pem https://hello.localhost:8443/",
            "gantry ca | sudo tee /usr/local/share/ca-certificates/gantry.crt && sudo update-ca-certificates"))
        {
            output,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var pem = await client.CaAsync(ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, pem, ct);
                Printer.Line($"wrote the local CA certificate to {Printer.Escape(file)}");
            }
            else
            {
                Console.Out.Write(pem);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
