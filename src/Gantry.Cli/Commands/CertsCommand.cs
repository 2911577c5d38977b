using System.CommandLine;
using System.Globalization;
using Gantry.Cli.Output;
using Spectre.Console;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry certs list|add|remove</c>: the certificates the gateway's HTTPS listener serves.</summary>
public static class CertsCommand
{
    public static Command Create()
    {
        var command = new Command("certs", "Certificates the HTTPS listener serves: from the local CA (localhost names) or uploaded.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", ApiCommand.Describe("List certificates with their hosts, source and days left.", "gantry certs list", "gantry certs list --json"));
        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var certificates = await client.CertificatesAsync(ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(certificates);
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("ID", "HOSTS", "SOURCE", "EXPIRES", "DAYS LEFT");
            foreach (var c in certificates)
            {
                table.AddRow(c.Id.ToString(CultureInfo.InvariantCulture), Printer.Escape(string.Join(", ", c.Hosts)), c.Source,
                    c.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.DaysLeft < 30 ? $"[yellow]{c.DaysLeft}[/]" : c.DaysLeft.ToString(CultureInfo.InvariantCulture));
            }

            Printer.Out.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Add()
    {
        var cert = new Option<string>("--cert") { Description = "The certificate chain, PEM, leaf first", Required = true };
        var key = new Option<string>("--key") { Description = "The private key, PEM (PKCS#8, PKCS#1 or SEC1)", Required = true };
        var command = new Command("add", ApiCommand.Describe(
            "Upload a certificate and its key; served at once for the hosts it names (it wins over local-CA ones).",
            "gantry certs add --cert fullchain.pem --key privkey.pem"))
        {
            cert, key,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var certFile = parse.GetValue(cert)!;
            var keyFile = parse.GetValue(key)!;
            foreach (var file in new[] { certFile, keyFile }.Where(f => !File.Exists(f)))
            {
                Printer.Fail($"{file}: no such file");
                return ExitCodes.InvalidInput;
            }

            var added = await client.UploadCertificateAsync(await File.ReadAllTextAsync(certFile, ct), await File.ReadAllTextAsync(keyFile, ct), ct);
            if (parse.GetValue(CommonOptions.Json))
            {
                Printer.Json(added);
            }
            else
            {
                Printer.Line($"added certificate {added.Id} for {Printer.Escape(string.Join(", ", added.Hosts))}, valid {added.DaysLeft} more days");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Remove()
    {
        var id = new Argument<long>("id") { Description = "The certificate's id (from 'gantry certs list')" };
        var command = new Command("remove", ApiCommand.Describe("Remove a certificate.", "gantry certs remove 4"))
        {
            id,
        };

        command.SetAction((parse, ct) => ApiCommand.RunAsync(parse, async client =>
        {
            var value = parse.GetValue(id).ToString(CultureInfo.InvariantCulture);
            await client.DeleteAsync($"api/v1/certificates/{value}", ct);
            Printer.Line($"removed certificate {value}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
