using System.CommandLine;
using System.Net;
using Gantry.Cli.Client;
using Gantry.Cli.Output;
using Gantry.ControlPlane.Hosting;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry up</c>: runs the whole platform in this process until Ctrl-C or SIGTERM, then stops every app it started.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data folder: store, admin token, sources, builds, logs (default: GANTRY_DATA, else ~/.gantry)" };
        var httpPort = new Option<int>("--http-port") { Description = "Gateway port for app traffic (0: any free port; every port bound is printed and written to DATA/ports.json)", DefaultValueFactory = _ => ServerOptions.DefaultHttpPort };
        var httpsPort = new Option<int>("--https-port") { Description = "Gateway HTTPS port, certificates chosen by SNI (0: any free port)", DefaultValueFactory = _ => ServerOptions.DefaultHttpsPort };
        var noHttps = new Option<bool>("--no-https") { Description = "Do not listen for HTTPS" };
        var acmeDirectory = new Option<string?>("--acme-directory") { Description = "ACME directory URL for certificates of public hosts (for example https://acme-v02.api.letsencrypt.org/directory)" };
        var acmeEmail = new Option<string?>("--acme-email") { Description = "Contact e-mail for the ACME account" };
        var backupS3 = new Option<string?>("--backup-s3") { Description = "Also upload backups to this S3-compatible bucket, as a path-style URL (https://s3.example.com/BUCKET[/PREFIX]); credentials from GANTRY_BACKUP_S3_ACCESS_KEY_ID and GANTRY_BACKUP_S3_SECRET_ACCESS_KEY" };
        var backupS3Region = new Option<string>("--backup-s3-region") { Description = "The bucket's region", DefaultValueFactory = _ => "us-east-1" };
        var s3Endpoint = new Option<string?>("--s3-endpoint") { Description = "An S3-compatible server (https://s3.example.com) where apps' s3 resources get a bucket each; credentials from GANTRY_S3_ACCESS_KEY_ID and GANTRY_S3_SECRET_ACCESS_KEY, given to the apps. Without it, the container runtime runs a MinIO for them" };
        var s3Region = new Option<string>("--s3-region") { Description = "The region apps' buckets are made in", DefaultValueFactory = _ => "us-east-1" };
        var smtp = new Option<string?>("--smtp") { Description = "The mail server e-mail notifications go through: smtp://HOST[:PORT] (STARTTLS when offered, default port 587) or smtps://HOST[:PORT] (TLS, 465); credentials from GANTRY_SMTP_USER and GANTRY_SMTP_PASSWORD" };
        var smtpFrom = new Option<string?>("--smtp-from") { Description = "The address e-mail notifications are sent from" };
        var auditRetention = new Option<string?>("--audit-retention") { Description = "Remove audit entries older than this (for example 365d); the removal is itself an entry, so the chain still verifies. Default: keep them all" };
        var acmeCaFile = new Option<string?>("--acme-ca-file") { Description = "PEM file of the only CA to trust for the ACME server's HTTPS (test CAs such as Pebble)" };
        var adminPort = new Option<int>("--admin-port") { Description = "Admin API port (0: any free port; the CLI finds it in DATA/ports.json)", DefaultValueFactory = _ => ServerOptions.DefaultAdminPort };
        var httpAddress = new Option<string>("--http-address") { Description = "Address the gateway listens on", DefaultValueFactory = _ => "0.0.0.0" };
        var adminAddress = new Option<string>("--admin-address") { Description = "Address the admin API listens on (keep it private)", DefaultValueFactory = _ => "127.0.0.1" };
        var noSample = new Option<bool>("--no-sample") { Description = "Do not deploy the bundled sample app on first start" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the server's whole log here too (it is always written to DATA/logs/gantry.log)" };
        var noAccessLog = new Option<bool>("--no-access-log") { Description = "Do not write DATA/logs/access.log (one JSON line per request through the gateway)" };
        var jwksLoopback = new Option<bool>("--jwks-allow-loopback") { Description = "Let routes' JWKS URLs reach this machine (loopback), plain http included; off by default" };
        var jwksPrivate = new Option<bool>("--jwks-allow-private") { Description = "Let routes' JWKS URLs reach private and link-local networks (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, fe80::/10); off by default" };
        var gateway = new Option<string>("--gateway")
        {
            Description = "Where the gateway runs: process (gantry-gateway beside gantry: app traffic is served on while the control plane restarts or is down; the default) or in-process (one process for everything)",
            DefaultValueFactory = _ => GatewayExecutable() is null ? "in-process" : "process",
        };
        gateway.AcceptOnlyFromAmong("process", "in-process");
        var runtime = new Option<RuntimeChoice>("--runtime")
        {
            Description = "Where apps run: auto (containers when a Docker or Podman API answers at DOCKER_HOST or the usual sockets, else processes), process or container",
            DefaultValueFactory = _ => RuntimeChoice.Auto,
        };

        var command = new Command("up", ApiCommand.Describe(
            "Start Gantry: control plane and local runtime, and the gateway as a process of its own that serves app traffic on while the control plane restarts. On first start it deploys the sample app 'hello'. Stops with Ctrl-C, taking its apps down cleanly, then the gateway.",
            "gantry up",
            "gantry up --data /var/lib/gantry --http-port 80 --https-port 443 --admin-port 7070",
            "gantry up --data /tmp/try --http-port 0 --https-port 0 --admin-port 0   # any free ports; see /tmp/try/ports.json",
            "gantry up --http-port 80 --https-port 443 --acme-directory https://acme-v02.api.letsencrypt.org/directory --acme-email ops@example.com",
            "GANTRY_BACKUP_S3_ACCESS_KEY_ID=… GANTRY_BACKUP_S3_SECRET_ACCESS_KEY=… gantry up --backup-s3 https://s3.example.com/gantry-backups",
            "GANTRY_S3_ACCESS_KEY_ID=… GANTRY_S3_SECRET_ACCESS_KEY=… gantry up --s3-endpoint https://minio.internal:9000",
            "GANTRY_SMTP_USER=… GANTRY_SMTP_PASSWORD=… gantry up --smtp smtp://mail.example.com:587 --smtp-from gantry@example.com",
            "DOCKER_HOST=unix:///run/podman/podman.sock gantry up --runtime container",
            "gantry up --audit-retention 365d",
            "gantry up --oidc-authority https://sso.example.com/realms/acme --oidc-client-id gantry --oidc-name Keycloak --oidc-owner-group gantry-owners",
            "gantry up --gateway in-process   # one process for everything"))
        {
            gateway, data, httpPort, httpsPort, noHttps, acmeDirectory, acmeEmail, acmeCaFile, adminPort, httpAddress, adminAddress, noSample, noAccessLog, verbose, runtime, jwksLoopback, jwksPrivate, backupS3, backupS3Region, s3Endpoint, s3Region,
            smtp, smtpFrom, auditRetention,
        };
        var sso = new UpOidcFlags(command);

        command.SetAction(async (parse, ct) =>
        {
            var https = parse.GetValue(httpsPort);
            Uri? acme = null;
            if (parse.GetValue(acmeDirectory) is { } acmeText && (!Uri.TryCreate(acmeText, UriKind.Absolute, out acme) || (acme.Scheme != Uri.UriSchemeHttps && acme.Scheme != Uri.UriSchemeHttp)))
            {
                Printer.Fail($"--acme-directory: '{acmeText}' is not an absolute https URL");
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(acmeCaFile) is { } caFile && !File.Exists(caFile))
            {
                Printer.Fail($"--acme-ca-file: {caFile}: no such file");
                return ExitCodes.InvalidInput;
            }

            Gantry.ControlPlane.Resources.Backups.S3BackupTarget? bucket = null;
            if (parse.GetValue(backupS3) is { } bucketUrl
                && (bucket = Gantry.ControlPlane.Resources.Backups.S3BackupTarget.Parse(bucketUrl, parse.GetValue(backupS3Region)!, Environment.GetEnvironmentVariable, out var bucketProblem)) is null)
            {
                Printer.Fail(bucketProblem!);
                return ExitCodes.InvalidInput;
            }

            Gantry.ControlPlane.ObjectStorage.S3Endpoint? objectStorage = null;
            if (parse.GetValue(s3Endpoint) is { } endpointUrl
                && (objectStorage = Gantry.ControlPlane.ObjectStorage.S3Endpoint.Parse(endpointUrl, parse.GetValue(s3Region)!, Environment.GetEnvironmentVariable, out var endpointProblem)) is null)
            {
                Printer.Fail(endpointProblem!);
                return ExitCodes.InvalidInput;
            }

            TimeSpan? retention = null;
            if (parse.GetValue(auditRetention) is { } retentionText)
            {
                if (!Durations.TryParse(retentionText, out var kept) || kept < TimeSpan.FromHours(1))
                {
                    Printer.Fail($"--audit-retention: '{retentionText}' is not a duration of at least 1h (for example 90d or 8760h)");
                    return ExitCodes.InvalidInput;
                }

                retention = kept;
            }

            Gantry.ControlPlane.Notifications.SmtpServer? mail = null;
            if (parse.GetValue(smtp) is { } smtpUrl
                && (mail = Gantry.ControlPlane.Notifications.SmtpServer.Parse(smtpUrl, parse.GetValue(smtpFrom), Environment.GetEnvironmentVariable, out var smtpProblem)) is null)
            {
                Printer.Fail(smtpProblem!);
                return ExitCodes.InvalidInput;
            }

            if (!sso.TryRead(parse, out var oidc) || !TryPort(https, "--https-port", out _) || !TryPort(parse.GetValue(httpPort), "--http-port", out var http) || !TryPort(parse.GetValue(adminPort), "--admin-port", out var admin)
                || !TryAddress(parse.GetValue(httpAddress)!, "--http-address", out var httpIp) || !TryAddress(parse.GetValue(adminAddress)!, "--admin-address", out var adminIp))
            {
                return ExitCodes.InvalidInput;
            }

            var separate = parse.GetValue(gateway) == "process";
            if (separate && GatewayExecutable() is null)
            {
                Printer.Fail($"--gateway process: gantry-gateway is missing beside gantry in {AppContext.BaseDirectory}");
                return ExitCodes.InvalidInput;
            }

            var options = new ServerOptions(
                Path.GetFullPath(parse.GetValue(data) ?? Connection.DefaultDataDirectory),
                httpIp, http, adminIp, admin, StaticServerCommand())
            {
                Runtime = parse.GetValue(runtime),
                Gateway = separate ? GatewayMode.Process : GatewayMode.InProcess,
                GatewayExecutable = separate ? GatewayExecutable() : null,
                DockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST"),
                AccessLog = !parse.GetValue(noAccessLog),
                JwksAllowLoopback = parse.GetValue(jwksLoopback),
                JwksAllowPrivateNetworks = parse.GetValue(jwksPrivate),
                HttpsPort = parse.GetValue(noHttps) ? null : https,
                AcmeDirectory = acme,
                AcmeEmail = parse.GetValue(acmeEmail),
                AcmeCaFile = parse.GetValue(acmeCaFile) is { } ca ? Path.GetFullPath(ca) : null,
                BackupS3 = bucket,
                ObjectStorage = objectStorage,
                Smtp = mail,
                AuditRetention = retention,
                Oidc = oidc,
            };
            return await UpRunner.RunAsync(options, deploySample: !parse.GetValue(noSample), verbose: parse.GetValue(verbose));
        });
        return command;
    }

    /// <summary>How instances start Gantry's own static file server: this very executable, whichever way it was launched.</summary>
    public static IReadOnlyList<string> StaticServerCommand()
    {
        var process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Path.Combine(AppContext.BaseDirectory, "gantry.dll"), "serve-static"]
            : [process, "serve-static"];
    }

    /// <summary>gantry-gateway beside gantry (build and publish put it there); null when it is not.</summary>
    internal static string? GatewayExecutable()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "gantry-gateway");
        return File.Exists(path) ? path : null;
    }

    private static bool TryPort(int port, string option, out int value)
    {
        value = port;
        if (port is >= 0 and <= 65535)
        {
            return true;
        }

        Printer.Fail($"{option}: {port} is not a port (1-65535, or 0 for any free port)");
        return false;
    }

    private static bool TryAddress(string text, string option, out IPAddress address)
    {
        if (IPAddress.TryParse(text, out address!))
        {
            return true;
        }

        Printer.Fail($"{option}: '{text}' is not an IP address");
        return false;
    }
}
