using Gantry.Cli.Tests.Support;
using Gantry.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gantry.Cli.Tests.Console;

/// <summary>
/// The console in a real browser (Chromium) against a real <c>gantry up</c> on the container runtime (Podman): sign in,
/// deploy the sample's image (which <c>gantry up</c> built) from the form, see it healthy and served, deploy a release that fails readiness and see why, roll back, read
/// the events — while a second session watches the app page change live. Screenshots go to artifacts/test-results/console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleJourneyTests() : ContainerGantryTest("gantry-console")
{
    private string Image { get; set; } = "";

    protected override bool WithSample => true;

    [Fact]
    public async Task SignIn_Deploy_Fail_RollBack_AndEvents_InTheBrowser()
    {
        Image = await SampleImageAsync();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewSessionAsync();
        var console = $"http://127.0.0.1:{Gantry.AdminPort}";

        // A wrong token is a sign-in error, not a stack trace.
        await page.GotoAsync(console + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GetByLabel("Token", new() { Exact = true }).FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("not valid");
        Assert.DoesNotContain("   at ", await page.ContentAsync());
        await Browser.ScreenshotAsync(page, "signin");

        await SignInAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Apps" })).ToBeVisibleAsync();

        // Wrong input: the field says what is wrong, and nothing typed is lost.
        await page.GotoAsync(console + "/deploy");
        await WaitLiveAsync(page);
        await page.GetByLabel("App name", new() { Exact = true }).FillAsync("Hello Box");
        await page.GetByLabel("Image", new() { Exact = true }).FillAsync(Image);
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync("eighty");
        await page.GetByLabel("Environment variables", new() { Exact = true }).FillAsync("GREETING=hello from the form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator("#port-errors")).ToContainTextAsync("'eighty' is not a number");
        await Expect(page.GetByLabel("App name", new() { Exact = true })).ToHaveValueAsync("Hello Box");
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync("8080");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator("#name-errors")).ToContainTextAsync("app name 'Hello Box' is not valid");
        await Expect(page.GetByLabel("Image", new() { Exact = true })).ToHaveValueAsync(Image);
        await Browser.ScreenshotAsync(page, "deploy-form-errors");

        await page.GetByLabel("App name", new() { Exact = true }).FillAsync("hellobox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator(".progress .status")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Expect(page.Locator(".progress .steps")).ToContainTextAsync("traffic shifted");
        await Browser.ScreenshotAsync(page, "deploy-progress");

        await page.GotoAsync(console + "/");
        await Expect(page.Locator("tr[data-app=hellobox] .badge")).ToHaveTextAsync("healthy");
        await Browser.ScreenshotAsync(page, "apps");
        var served = await browser.NewSessionAsync();
        await served.GotoAsync($"http://hellobox.localhost:{Gantry.HttpPort}/");
        await Expect(served.Locator("body")).ToContainTextAsync("hello from the form");

        // A second session watches the app page while the first deploys a new release, then one that never becomes ready.
        var watcher = await browser.NewSessionAsync(390, 844);
        await SignInAsync(watcher);
        await watcher.GotoAsync(console + "/apps/hellobox");
        await WaitLiveAsync(watcher);
        await DeployFromFormAsync(page, console, "GREETING=second release", healthPath: "");
        await Expect(page.Locator(".progress .status")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Expect(watcher.Locator("tr[data-release='2']")).ToContainTextAsync("serving");
        await DeployFromFormAsync(page, console, "GREETING=third release", healthPath: "/nope");
        await Expect(watcher.Locator("tr[data-release='3']")).ToBeVisibleAsync();
        await Expect(page.Locator(".progress .status")).ToHaveTextAsync("Failed", new() { Timeout = 120_000 });
        await Expect(page.Locator(".progress .error")).ToContainTextAsync("GET /nope");
        await Expect(watcher.Locator("tr[data-release='3']")).ToContainTextAsync("Failed");
        await Browser.ScreenshotAsync(watcher, "app-phone-width");

        await page.GotoAsync(console + "/apps/hellobox");
        await WaitLiveAsync(page);
        await Expect(page.Locator(".why")).ToContainTextAsync("release 3 failed");
        await Expect(page.Locator("td.memory").First).ToContainTextAsync("MiB");
        await Expect(page.Locator("tr[data-release='1'] .image")).ToContainTextAsync($"{Image} (sha256:");
        await Browser.ScreenshotAsync(page, "app-failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to release 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-release='4']")).ToContainTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Expect(page.Locator("tr[data-release='4']")).ToContainTextAsync("rollback to release 1");
        await Expect(watcher.Locator("tr[data-release='4']")).ToContainTextAsync("serving");
        await served.ReloadAsync();
        await Expect(served.Locator("body")).ToContainTextAsync("hello from the form");
        await Expect(page.Locator("article.route-metrics").First).Not.ToHaveAttributeAsync("data-requests", "0");
        await Browser.ScreenshotAsync(page, "app-rolled-back");

        // Scale from the page: a second instance starts and is ready.
        await page.GetByLabel("Replicas of web", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scale" }).ClickAsync();
        await Expect(page.Locator("table.instances tbody tr")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Expect(page.Locator("table.instances tbody tr td[data-label=Ready]", new() { HasText = "yes" })).ToHaveCountAsync(2, new() { Timeout = 60_000 });

        // A pasted Score file with a mistake: the loader's message with file, line and column.
        await page.GotoAsync(console + "/deploy");
        await WaitLiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Score file or gantry.yaml" }).ClickAsync();
        await page.Locator("#file-text").FillAsync("apiVersion: score.dev/v1b1\nmetadata:\n  name: pasted\ncontainers:\n  app:\n    imagee: nginx\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator("#file-errors")).ToContainTextAsync("score.yaml:6:5: containers.app.imagee: unknown field 'imagee'; did you mean 'image'?");
        await Expect(page.Locator("#file-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("imagee: nginx"));

        await page.GotoAsync(console + "/events");
        await Expect(page.Locator("li[data-kind='release.failed']")).ToContainTextAsync("GET /nope");
        await Expect(page.Locator("li[data-kind='release.succeeded']").First).ToContainTextAsync("release 4 is live");
        await Browser.ScreenshotAsync(page, "events");

        // What was done in the console is in the audit log, under the signed-in token's name and the browser.
        var audit = await Gantry.RunAsync("audit", "--json");
        var entries = System.Text.Json.JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString()!, Actor: e.GetProperty("actor").GetString()!, Outcome: e.GetProperty("outcome").GetString()!, Client: e.GetProperty("client").GetString()!))
            .ToList();
        Assert.Contains(("console: sign-in", "unknown", "refused: not a valid token"), entries.Select(e => (e.Action, e.Actor, e.Outcome)));
        Assert.Contains(("console: sign-in", "admin", "done"), entries.Select(e => (e.Action, e.Actor, e.Outcome)));
        Assert.Contains(entries, e => e.Action == "console: deploy" && e.Actor == "admin" && e.Outcome == "applied" && e.Client.StartsWith("console; Mozilla", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == "console: rollback" && e.Outcome == "applied");
        Assert.Contains(entries, e => e.Action == "console: scale" && e.Outcome == "applied");
        // The releases the console made name who made them, as the API's do: the token's name here.
        var releases = await Gantry.RunAsync("releases", "hellobox", "--json");
        var makers = System.Text.Json.JsonDocument.Parse(releases.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("createdBy").GetString()).ToList();
        Assert.True(makers.Count >= 3 && makers.All(m => m == "admin"), releases.ToString());
        var verify = await Gantry.RunAsync("audit", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>The image <c>gantry up</c> built for the bundled sample (hello), as its release records it.</summary>
    private async Task<string> SampleImageAsync()
    {
        var releases = await Eventually.UntilAsync(
            () => Gantry.RunAsync("releases", "hello", "--json"),
            r => r.ExitCode == 0 && r.Stdout.Contains("gantry.local/hello-web:", StringComparison.Ordinal),
            TimeSpan.FromMinutes(4),
            "the sample's image to be built");
        using var json = System.Text.Json.JsonDocument.Parse(releases.Stdout);
        return json.RootElement[0].GetProperty("images").GetProperty("web").GetString()!.Split(' ')[0];
    }

    private async Task DeployFromFormAsync(IPage page, string console, string environment, string healthPath)
    {
        await page.GotoAsync(console + "/deploy");
        await WaitLiveAsync(page);
        await page.GetByLabel("App name", new() { Exact = true }).FillAsync("hellobox");
        await page.GetByLabel("Image", new() { Exact = true }).FillAsync(Image);
        await page.GetByLabel("Environment variables", new() { Exact = true }).FillAsync(environment);
        await page.GetByLabel("Health check path", new() { Exact = true }).FillAsync(healthPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
    }

    private Task SignInAsync(IPage page) => ConsoleSession.SignInAsync(page, Gantry);

    private Task WaitLiveAsync(IPage page) => ConsoleSession.WaitLiveAsync(page, Gantry);
}
