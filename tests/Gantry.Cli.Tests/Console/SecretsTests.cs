using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gantry.Cli.Tests.Console;

/// <summary>
/// A secret-named variable, deployed through the real CLI to a real <c>gantry up</c>: nothing that leaves the server
/// (API, CLI output, console pages in Chromium, events) nor any file in its data folder but the uploaded sources
/// carries its value, until someone reveals it explicitly, which is recorded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecretsTests() : RunningGantryTest("gantry-secrets")
{
    private const string App = "vault";

    [Fact]
    public async Task ASecretVariable_IsHiddenEverywhereItLeavesTheServer_ADiffShowsItChanged_AndARevealIsRecorded()
    {
        string first = $"pw1-{Guid.NewGuid():N}", second = $"pw2-{Guid.NewGuid():N}";
        await DeployAsync(first);
        await DeployAsync(second);

        // The CLI: lists, one release, status, apps — as people and scripts read them.
        foreach (var args in new[] { ["releases", App, "--json"], ["releases", App, "1", "--json"], ["releases", App, "2"], ["status", App, "--json"], ["apps", "--json"], new[] { "logs", App } })
        {
            var result = await Gantry.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.ToString());
            AssertHidden(result.Stdout + result.Stderr, $"gantry {string.Join(' ', args)}", first, second);
        }

        var (one, two) = (await VariablesAsync(1), await VariablesAsync(2));
        Assert.StartsWith("(secret, fingerprint ", one["DB_PASSWORD"]);
        Assert.StartsWith("(secret, fingerprint ", two["DB_PASSWORD"]);
        Assert.NotEqual(one["DB_PASSWORD"], two["DB_PASSWORD"]);
        Assert.Equal("postgres://app:(secret)@db:5432/app", two["DATABASE_URL"]);
        Assert.Equal("plain", two["GREETING"]);

        // The API: releases, one release, events.
        using var api = new HttpClient { BaseAddress = new Uri(ConsoleSession.Url(Gantry)) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "admin-token"))).Trim());
        foreach (var path in new[] { $"api/v1/apps/{App}/releases", $"api/v1/apps/{App}/releases/1", $"api/v1/apps/{App}/releases/2", $"api/v1/events?app={App}", $"api/v1/apps/{App}" })
        {
            AssertHidden(await api.GetStringAsync(path), path, first, second);
        }

        // The console in a browser: the release page, the diff between releases, then an explicit reveal.
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewSessionAsync();
        await ConsoleSession.SignInAsync(page, Gantry);
        await page.GotoAsync($"{ConsoleSession.Url(Gantry)}/apps/{App}/releases/2");
        await ConsoleSession.WaitLiveAsync(page, Gantry);
        await Expect(page.Locator("tr[data-variable=DB_PASSWORD]")).ToContainTextAsync(two["DB_PASSWORD"]);
        AssertHidden(await page.ContentAsync(), "the release page", first, second);
        await Browser.ScreenshotAsync(page, "release-secrets-hidden");

        await page.GotoAsync($"{ConsoleSession.Url(Gantry)}/apps/{App}");
        await ConsoleSession.WaitLiveAsync(page, Gantry);
        await page.GetByText("Compare releases").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator(".diff-lines .removed")).ToContainTextAsync(one["DB_PASSWORD"]);
        await Expect(page.Locator(".diff-lines .added")).ToContainTextAsync(two["DB_PASSWORD"]);
        AssertHidden(await page.ContentAsync(), "the release diff", first, second);

        // The log pane shows one line per log line (each instance said "listening on PORT").
        var logText = await page.Locator("pre.log-lines").InnerTextAsync();
        var listening = logText.Split('\n').Where(l => l.Contains("listening on", StringComparison.Ordinal)).ToList();
        Assert.True(listening.Count >= 2, $"the log pane runs lines together:\n{logText}");
        Assert.All(listening, l => Assert.Matches(@"^\d\d:\d\d:\d\d \S+ listening on \d+$", l.Trim()));
        await Browser.ScreenshotAsync(page, "release-diff-and-logs");

        await page.GotoAsync($"{ConsoleSession.Url(Gantry)}/apps/{App}/releases/2");
        await ConsoleSession.WaitLiveAsync(page, Gantry);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal secret values…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal", Exact = true }).ClickAsync();
        await Expect(page.Locator("table.revealed")).ToContainTextAsync(second);
        await Expect(page.Locator("li[data-kind='release.secrets.revealed']")).ToContainTextAsync("shown to admin (DB_PASSWORD)");

        // The CLI's reveal: the value, and a record naming the token that asked.
        var revealed = await Gantry.RunAsync("releases", App, "1", "--reveal");
        Assert.True(revealed.ExitCode == 0, revealed.ToString());
        Assert.Contains(first, revealed.Stdout);
        Assert.Contains("recorded", revealed.Stderr);
        var events = await api.GetStringAsync($"api/v1/events?app={App}");
        Assert.Contains("secret values of release 1 shown to admin (DB_PASSWORD)", events);
        AssertHidden(events, "events after the reveals", first, second);

        // The data folder: only the uploaded sources (and the sealed store, which must not show it either) hold it.
        var sources = Path.Combine(Gantry.DataDirectory, "sources") + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(Gantry.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(sources, StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("gantry.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("gantry.log", StringComparison.Ordinal));
        foreach (var file in files)
        {
            AssertHidden(Encoding.UTF8.GetString(await ReadSharedAsync(file)), file, first, second);
        }

        Assert.Contains(Directory.EnumerateFiles(sources, "score.yaml", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains(second, StringComparison.Ordinal));
    }

    private async Task DeployAsync(string password)
    {
        var folder = Temp.Combine("app");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "server.js"), NodeApp.ServerJs);
        await File.WriteAllTextAsync(Path.Combine(folder, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["node", "server.js"]
                variables:
                  GREETING: plain
                  DB_PASSWORD: "{{password}}"
                  DATABASE_URL: "postgres://app:{{password}}@db:5432/app"
                readinessProbe:
                  httpGet: { path: /healthz, port: 8080 }
            resources:
              route:
                type: route
                params: { host: {{App}}.localhost, path: /, port: 80 }
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "gantry.yaml"), $"name: {App}\nworkloads:\n  - score: score.yaml\n");
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "gantry.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        AssertHidden(deploy.Stdout + deploy.Stderr, "gantry deploy", password);
    }

    private async Task<Dictionary<string, string>> VariablesAsync(int release)
    {
        var result = await Gantry.RunAsync("releases", App, $"{release}", "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        var container = json.RootElement.GetProperty("spec").GetProperty("workloads")[0].GetProperty("containers")[0];
        return container.GetProperty("variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    /// <summary>Reads a file another process may be writing (the store, its WAL, the log).</summary>
    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static void AssertHidden(string text, string where, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} shows a secret value:\n{text}");
        }
    }
}
