using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.Testing;
using Gantry.Testing.Oidc;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gantry.Cli.Tests.Console;

/// <summary>
/// Single sign-on in a real browser (Chromium) through a real OpenID Connect provider (OpenIddict) to a real
/// <c>gantry up</c>: the provider's groups make users, team members and platform owners; the console takes owners only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SingleSignOnTests : IDisposable
{
    private static readonly OidcTestUser Olivia = new("u-olivia", "olivia", "olivia's long password", "olivia@example.test", "Olivia Owner", ["gantry-owners", "web"]);
    private static readonly OidcTestUser Walter = new("u-walter", "walter", "walter's long password", "walter@example.test", "Walter Web", ["web"]);
    private static readonly OidcTestUser Nora = new("u-nora", "nora", "nora's long password", "nora@example.test", "Nora Nobody", ["sales"]);

    private readonly TempDirectory _temp = new("gantry-sso");

    [Fact]
    public async Task SignInWithTheProvider_MakesAnOwnerFromTheOwnerGroup_AndATeamDeployerFromATeamGroup_AndRefusesSomeoneWithNoRole()
    {
        // The provider must know Gantry's redirect URI before Gantry, which must know the provider, starts.
        using var adminPort = ReservedPort.Take();
        await using var provider = await OidcProvider.StartAsync(new OidcProviderOptions
        {
            ClientId = "gantry-console",
            RedirectUri = new Uri($"http://127.0.0.1:{adminPort.Number}/signin-oidc"),
            Users = [Olivia, Walter, Nora],
        });
        await using var gantry = await GantryProcess.StartAsync(
            _temp.Combine("data"), extraArgs: ["--admin-port", $"{adminPort.Number}", "--oidc-authority", provider.Issuer.AbsoluteUri,
                "--oidc-client-id", provider.ClientId, "--oidc-name", "Test SSO", "--oidc-owner-group", "gantry-owners"]);
        var created = await gantry.RunAsync("teams", "create", "web");
        Assert.True(created.ExitCode == 0, created.ToString());
        await using var browser = await Browser.LaunchAsync();

        var olivia = await SignInAsync(await browser.NewSessionAsync(), gantry, Olivia);
        await ConsoleSession.WaitLiveAsync(olivia, gantry);
        await Expect(olivia.GetByRole(AriaRole.Heading, new() { Name = "Apps" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(olivia, "sso-signed-in");

        // A member of the web group lands in the console as a deployer in team web.
        var walter = await SignInAsync(await browser.NewSessionAsync(), gantry, Walter);
        await ConsoleSession.WaitLiveAsync(walter, gantry);
        await Expect(walter.Locator("#signed-in-as")).ToContainTextAsync("walter · deployer in web");
        await Browser.ScreenshotAsync(walter, "sso-team-member");

        // Someone whose groups name no team and who is no owner has no role: told why, not signed in.
        var nora = await SignInAsync(await browser.NewSessionAsync(), gantry, Nora);
        await Expect(nora).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?error="));
        await Expect(nora.Locator("#signin-error")).ToContainTextAsync("it has no role yet");
        await Browser.ScreenshotAsync(nora, "sso-refused");

        var users = await UsersAsync(gantry);
        var oliviaUser = Assert.Single(users, u => u.Name == "olivia");
        Assert.Equal(("owner", "olivia@example.test", false), (oliviaUser.Role, oliviaUser.Email, oliviaUser.HasPassword));
        Assert.Equal([new TeamRoleInfo("web", "deployer")], oliviaUser.Teams);
        var walterUser = Assert.Single(users, u => u.Name == "walter");
        Assert.Null(walterUser.Role);
        Assert.Equal([new TeamRoleInfo("web", "deployer")], walterUser.Teams);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>/signin → "Sign in with Test SSO" → the provider's form → back at Gantry.</summary>
    private static async Task<IPage> SignInAsync(IPage page, GantryProcess gantry, OidcTestUser user)
    {
        await page.GotoAsync(ConsoleSession.Url(gantry) + "/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test SSO" }).ClickAsync();
        await page.Locator("#username").FillAsync(user.UserName);
        await page.Locator("#password").FillAsync(user.Password);
        await page.Locator("#login").ClickAsync();

        // Back through Gantry's /signin-oidc, which redeems the code at the provider (whose own backchannel timeout
        // is 60 s) before the console loads: the browser's usual 30 s was once too short for that on a busy machine.
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(ConsoleSession.Url(gantry), StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal),
                new() { Timeout = 90_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- url {page.Url}\n--- server\n{gantry.Output}");
        }

        return page;
    }

    private static async Task<IReadOnlyList<UserInfo>> UsersAsync(GantryProcess gantry)
    {
        using var http = new HttpClient { BaseAddress = new Uri(ConsoleSession.Url(gantry)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(gantry.DataDirectory, "admin-token"))).Trim());
        return (await http.GetFromJsonAsync<UserInfo[]>("api/v1/users"))!;
    }
}
