using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>'gantry users', 'teams', 'login', 'whoami' and 'logout' against a real server, as an owner and then as the user.</summary>
public sealed class LoginTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private readonly TempDirectory _temp = new("gantry-login");
    private GantryProcess _gantry = null!;

    public async Task InitializeAsync() => _gantry = await GantryProcess.StartAsync(_temp.Combine("data"));

    public async Task DisposeAsync()
    {
        await _gantry.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AUserAdded_LogsIn_ActsWithTheirTeamRole_AndLogsOut()
    {
        Assert.True((await _gantry.RunAsync("teams", "create", "web")) is { ExitCode: 0 } team, "teams create");
        var added = await CliRunner.RunWithInputAsync(_gantry.Environment, Password + "\n", "users", "add", "ana", "--role", "deployer", "--team", "web", "--password-stdin");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("deployer in team web", added.Stdout, StringComparison.Ordinal);

        // ana's own CLI: no admin token in reach, a config folder of her own.
        var ana = new Dictionary<string, string>
        {
            ["GANTRY_SERVER"] = _gantry.Environment["GANTRY_SERVER"],
            ["GANTRY_DATA"] = _temp.Combine("no-data"),
            ["GANTRY_CONFIG"] = _temp.Combine("ana-config"),
        };
        var wrong = await CliRunner.RunWithInputAsync(ana, "not her password\n", "login", "--user", "ana", "--password-stdin");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("that user name and password do not match", wrong.Stderr, StringComparison.Ordinal);

        var login = await CliRunner.RunWithInputAsync(ana, Password + "\n", "login", "--user", "ana", "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("as ana (deployer in team web)", login.Stdout, StringComparison.Ordinal);
        var stored = await File.ReadAllTextAsync(Path.Combine(_temp.Combine("ana-config"), "login.json"));
        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_temp.Combine("ana-config"), "login.json")));

        var whoami = await CliRunner.RunAsync(ana, "whoami", "--json");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        using (var me = JsonDocument.Parse(whoami.Stdout))
        {
            Assert.Equal("ana", me.RootElement.GetProperty("user").GetString());
            Assert.Equal("team:web:deployer", me.RootElement.GetProperty("scopes")[0].GetString());
        }

        var settings = await CliRunner.RunAsync(ana, "config", "list", "--platform");
        Assert.NotEqual(0, settings.ExitCode);
        Assert.Contains("user 'ana' (deployer in team 'web')", settings.Stderr, StringComparison.Ordinal);

        // A role of her own on one app, beside the team's; an app that does not exist is refused naming it.
        Assert.True((await _gantry.RunAsync("users", "grant", "ana", "--app", "nosuch")) is { ExitCode: 2 } nosuch && nosuch.Stderr.Contains("app: there is no app 'nosuch'", StringComparison.Ordinal), "grant on a missing app");
        var users = await _gantry.RunAsync("users", "list");
        Assert.True(users.ExitCode == 0, users.ToString());
        Assert.Contains("ana", users.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("never", users.Stdout.Split('\n').Single(l => l.Contains("ana", StringComparison.Ordinal)), StringComparison.Ordinal);

        var logout = await CliRunner.RunAsync(ana, "logout");
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(Path.Combine(_temp.Combine("ana-config"), "login.json")));
        var after = await CliRunner.RunAsync(ana, "whoami");
        Assert.NotEqual(0, after.ExitCode);

        // The token ana had is revoked on the server too, not only forgotten here.
        var tokens = await _gantry.RunAsync("tokens", "list", "--json");
        Assert.DoesNotContain("\"user\": \"ana\"", tokens.Stdout, StringComparison.Ordinal);

        await LoginThroughTheConsoleAsync(ana);
    }

    /// <summary>
    /// 'gantry login --web --no-browser': the CLI prints the console's address and waits on its loopback listener; a
    /// browser signs in to the console as ana, confirms, and is sent back to the CLI, which then holds ana's token.
    /// </summary>
    private async Task LoginThroughTheConsoleAsync(Dictionary<string, string> ana)
    {
        using var login = Process.Start(CliRunner.StartInfo(["login", "--web", "--no-browser"], ana))!;
        var stdout = login.StandardOutput.ReadToEndAsync();
        var address = await ReadAddressAsync(login.StandardError);
        var stderr = login.StandardError.ReadToEndAsync();

        using var browser = new ConsoleBrowser(new Uri(_gantry.Environment["GANTRY_SERVER"]));
        await browser.SignInAsUserAsync("ana", Password);
        var confirmed = await browser.PostFormAsync(address.PathAndQuery.TrimStart('/'), "cli-signin", new Dictionary<string, string>());
        Assert.True(confirmed.StatusCode == HttpStatusCode.Redirect, $"{(int)confirmed.StatusCode} {await confirmed.Content.ReadAsStringAsync()}");
        using var toCli = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await toCli.GetAsync(confirmed.Headers.Location)).StatusCode);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await login.WaitForExitAsync(deadline.Token);
        Assert.True(login.ExitCode == 0, $"{await stdout}\n{await stderr}");
        Assert.Contains("as ana (deployer in team web)", await stdout, StringComparison.Ordinal);
        var whoami = await CliRunner.RunAsync(ana, "whoami", "--json");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains("\"user\": \"ana\"", whoami.Stdout, StringComparison.Ordinal);
    }

    private static async Task<Uri> ReadAddressAsync(StreamReader stderr)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var seen = new List<string>();
        while (await stderr.ReadLineAsync(deadline.Token) is { } line)
        {
            seen.Add(line);
            if (line.Trim().StartsWith("http", StringComparison.Ordinal))
            {
                return new Uri(line.Trim());
            }
        }

        throw new InvalidOperationException("gantry login --web printed no address:\n" + string.Join('\n', seen));
    }

    [Fact]
    public async Task LoginWithoutATerminalOrStdin_SaysHowToGiveThePassword()
    {
        var result = await CliRunner.RunWithInputAsync(_gantry.Environment, "", "login", "--user", "ana");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--password-stdin", result.Stderr, StringComparison.Ordinal);
    }
}
