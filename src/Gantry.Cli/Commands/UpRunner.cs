using System.Runtime.InteropServices;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Hosting.Logging;

namespace Gantry.Cli.Commands;

/// <summary>The body of <c>gantry up</c>: start, deploy the sample on first start, print where things are, wait for a signal, stop.</summary>
public static class UpRunner
{
    private static readonly TimeSpan StartupWait = TimeSpan.FromMinutes(3);

    /// <param name="verbose">Print the server's whole log here too; otherwise it goes to DATA/logs/gantry.log and only Gantry's progress, warnings and errors are printed.</param>
    public static async Task<int> RunAsync(ServerOptions options, bool deploySample, bool verbose)
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var log = new FileLog(new DataDirectory(options.DataDirectory).GantryLog);

        Printer.Line($"starting Gantry [grey](data: {Printer.Escape(options.DataDirectory)})[/]");
        GantryServer server;
        try
        {
            server = await GantryServer.StartAsync(
                options,
                logging => Terminal(logging, log, verbose),
                services => services.AddSingleton<IAppEventObserver, EventProgressPrinter>(),
                stop.Token);
        }
        catch (IOException ex)
        {
            Printer.Fail(ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
                ? $"cannot start: {ex.Message} Is another 'gantry up' running? Choose other ports with --http-port, --https-port and --admin-port."
                : $"cannot start: {ex.Message}");
            return ExitCodes.Failed;
        }

        log.Scrub = server.Services.GetRequiredService<ControlPlane.Secrets.SecretScrubber>().ScrubAll;
        await using (server)
        {
            try
            {
                var queries = server.Services.GetRequiredService<AppQueries>();
                if (deploySample && (await queries.ListAsync(stop.Token)).Count == 0)
                {
                    await DeploySampleAsync(server, stop.Token);
                }

                await PrintBannerAsync(server, queries, stop.Token);
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM, whenever it came: stop below.
            }

            Printer.Line("stopping Gantry: stopping apps, then the gateway");
            await server.StopAsync(CancellationToken.None);
        }

        Printer.Line("Gantry stopped");
        return ExitCodes.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>Everything to the log file; to the terminal, everything with --verbose, else warnings and errors in one short line each.</summary>
    private static void Terminal(ILoggingBuilder logging, FileLog log, bool verbose)
    {
        logging.AddProvider(log.CreateProvider());
        if (verbose)
        {
            logging.AddSimpleConsole(c => c.SingleLine = true);
            return;
        }

        logging.AddProvider(new TerminalProblemsLoggerProvider(log.Path));

        // Data protection warns that its key ring is not encrypted at rest: it lives in DATA/keys, which only Gantry's
        // user can read (the data folder is 0700), as the admin token does. Said once in the log file, not at every start.
        logging.AddFilter<TerminalProblemsLoggerProvider>("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    }

    private static async Task DeploySampleAsync(GantryServer server, CancellationToken ct)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "hello");
        if (!File.Exists(Path.Combine(sample, "gantry.yaml")))
        {
            Printer.Fail($"the sample app is missing from {sample}; skipping it");
            return;
        }

        var deploys = server.Services.GetRequiredService<DeployService>();
        var incoming = deploys.NewIncomingDirectory();
        CopyDirectory(sample, incoming);
        Printer.Line("deploying the sample app [bold]hello[/]; its first build takes a little while");
        var outcome = await deploys.DeployAsync(incoming, "gantry.yaml", "deploy of the sample app by gantry up", "gantry", ct);
        if (outcome is not DeployOutcome.Accepted)
        {
            Printer.Line($"[red]the sample app could not be deployed: {Printer.Escape(outcome.ToString())}[/]");
        }
    }

    /// <summary>Waits (bounded) for apps to settle, then prints the admin API, the console and every app's URL.</summary>
    private static async Task PrintBannerAsync(GantryServer server, AppQueries queries, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + StartupWait;
        var apps = await queries.ListAsync(ct);
        while (apps.Any(a => a.Health is "progressing" or "degraded") && DateTimeOffset.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            await Task.Delay(250, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            apps = await queries.ListAsync(CancellationToken.None);
        }

        var data = new DataDirectory(server.Options.DataDirectory);
        Printer.Line("");
        Printer.Line($"[green]Gantry is up[/]");
        Printer.Line($"  admin API  {server.AdminUrl} [grey](token in {Printer.Escape(data.AdminTokenFile)})[/]");
        Printer.Line($"  console    {server.AdminUrl} [grey](sign in with that token)[/]");
        Printer.Line($"  gateway    http://{GantryServer.DisplayHost(server.Options.HttpAddress)}:{server.Options.HttpPort}");
        if (server.Options.HttpsPort is { } https)
        {
            Printer.Line($"  https      https://{GantryServer.DisplayHost(server.Options.HttpAddress)}:{https} [grey](*.localhost apps: trust 'gantry ca')[/]");
        }

        foreach (var app in apps)
        {
            Printer.Line($"  app {Printer.Escape(app.Name),-12} {Printer.HealthMarkup(app.Health)} {Printer.Escape(string.Join(" ", app.Urls))}");
        }

        // The CLI finds the admin port in DATA/ports.json: only another data folder needs saying.
        if (server.Options.DataDirectory != Path.GetFullPath(Client.Connection.DefaultDataDirectory))
        {
            Printer.Line($"  CLI        export GANTRY_DATA={Printer.Escape(server.Options.DataDirectory)}");
        }

        Printer.Line($"  log        {Printer.Escape(data.GantryLog)} [grey](--verbose prints it here)[/]");
        Printer.Line("press Ctrl-C to stop");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var (full, relative) in Bundling.AppBundle.Files(from))
        {
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(full, target);
        }
    }
}
