using System.Text.Json;
using Gantry.Cli.Tests.Console;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;
using static Microsoft.Playwright.Assertions;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// 'gantry apps connect', 'gantry deploy APP --git' and 'gantry apps git' against a running Gantry and a real Git
/// repository (a bare repository reached by its file:// URL): the branch's head and then a tag go live, and the
/// release says which commit it runs.
/// </summary>
public sealed class GitDeployTests() : RunningGantryTest("gantry-git")
{
    [Fact]
    public async Task ConnectThenDeployWithGit_ServesTheBranch_ThenATag_AndStatusNamesTheCommit()
    {
        using var remote = new GitRemote();
        StaticSite.WriteTo(remote.Work, "<h1>from git one</h1>", "gitsite");
        var one = remote.CommitAndPush("Ship the first page");
        GitCli.Run(remote.Bare, "tag", "v1", one);
        StaticSite.WriteTo(remote.Work, "<h1>from git two</h1>", "gitsite");
        var two = remote.CommitAndPush("Ship the second page");

        var connect = await Gantry.RunAsync("apps", "connect", "gitsite", "--repo", remote.Url);
        Assert.True(connect.ExitCode == 0, connect.ToString());
        Assert.Contains("/hooks/git/gitsite", connect.Stdout);
        Assert.Contains("secret:", connect.Stdout);

        var deploy = await Gantry.RunAsync("deploy", "gitsite", "--git", "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("from git two", await (await Gantry.GetAsync("gitsite.localhost")).Content.ReadAsStringAsync());
        var status = await Gantry.RunAsync("status", "gitsite");
        Assert.Contains($"commit {two[..7]} Ship the second page", status.Stdout);

        var tagged = await Gantry.RunAsync("deploy", "gitsite", "--git", "v1", "--wait");
        Assert.True(tagged.ExitCode == 0, tagged.ToString());
        Assert.Contains("from git one", await (await Gantry.GetAsync("gitsite.localhost")).Content.ReadAsStringAsync());

        // The console's release page says where the release came from and shows its build.
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewSessionAsync();
        await ConsoleSession.SignInAsync(page, Gantry);
        await page.GotoAsync($"{ConsoleSession.Url(Gantry)}/apps/gitsite/releases/1");
        await ConsoleSession.WaitLiveAsync(page, Gantry);
        await Expect(page.Locator("p.commit")).ToHaveTextAsync($"From commit {two[..7]} Ship the second page");
        await Expect(page.Locator("ul.builds li")).ToContainTextAsync("gitsite built as");
        await Expect(page.Locator("pre.build-log")).ToContainTextAsync("detected");

        var shown = await Gantry.RunAsync("apps", "git", "gitsite", "--json");
        using var json = JsonDocument.Parse(shown.Stdout);
        Assert.Equal(remote.Url, json.RootElement.GetProperty("connection").GetProperty("repository").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("connection").GetProperty("webhookSecret").ValueKind);
    }

    [Fact]
    public async Task DeployWithGit_OfAnAppThatIsNotConnected_SaysHowToConnectIt_AndDeployWithoutAFileOrGitIsAnInputError()
    {
        var missing = await Gantry.RunAsync("deploy", "nowhere", "--git");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("gantry apps connect nowhere --repo URL", missing.Stderr);

        var neither = await Gantry.RunAsync("deploy");
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--file", neither.Stderr);
    }
}
