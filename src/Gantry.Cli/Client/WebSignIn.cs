using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Client;

/// <summary>
/// <c>gantry login --web</c>: signs the CLI in through the console in a browser, so any way the console signs people
/// in (a password, a second factor, single sign-on) signs the CLI in too. RFC 8252's loopback redirect: the CLI listens
/// on 127.0.0.1, the console sends the browser back to it with a one-time code, and the code is worth a token only
/// with the PKCE verifier that never left this process.
/// </summary>
internal static class WebSignIn
{
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    public static async Task<SignedIn> RunAsync(GantryClient client, bool openBrowser, TextWriter progress, CancellationToken ct)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var code = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var listener = builder.Build();
        listener.MapGet("/callback", (HttpRequest request) =>
        {
            if (request.Query["state"] != state || request.Query["code"].ToString() is not { Length: > 0 } received)
            {
                return Results.Content(Page("This is not the sign-in this gantry command started. Run 'gantry login --web' again."), "text/html", statusCode: StatusCodes.Status400BadRequest);
            }

            code.TrySetResult(received);
            return Results.Content(Page("The Gantry CLI is signing in. You can close this tab and go back to the terminal."), "text/html");
        });
        await listener.StartAsync(ct);
        var port = new Uri(listener.Urls.First()).Port;

        var address = new Uri(client.Server, $"signin/cli?port={port}&state={state}&challenge={challenge}");
        progress.WriteLine($"Sign in to Gantry in a browser at this address (waiting up to {Wait.TotalMinutes:0} minutes):");
        progress.WriteLine($"  {address}");
        if (openBrowser)
        {
            TryOpen(address);
        }

        string received;
        try
        {
            received = await code.Task.WaitAsync(Wait, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no sign-in came back from the browser within {Wait.TotalMinutes:0} minutes; run 'gantry login --web' again");
        }

        return await client.SignInWithCodeAsync(received, verifier, ct);
    }

    /// <summary>Opens the address with $BROWSER, or xdg-open on a desktop; the printed address is there when neither works.</summary>
    private static void TryOpen(Uri address)
    {
        var browser = Environment.GetEnvironmentVariable("BROWSER") is { Length: > 0 } named ? named
            : Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 } ? "xdg-open"
            : null;
        if (browser is null)
        {
            return;
        }

        try
        {
            var info = new ProcessStartInfo(browser) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(address.ToString());
            Process.Start(info)?.Dispose();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No browser here: the address printed above is the way.
        }
    }

    private static string Page(string message) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gantry CLI</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
}
