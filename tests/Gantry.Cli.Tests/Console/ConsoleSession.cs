using Gantry.Cli.Tests.Support;
using Microsoft.Playwright;

namespace Gantry.Cli.Tests.Console;

/// <summary>Signing in to a running Gantry's console and waiting until a page is interactive, as every browser test needs.</summary>
internal static class ConsoleSession
{
    public static string Url(GantryProcess gantry) => $"http://127.0.0.1:{gantry.AdminPort}";

    public static async Task SignInAsync(IPage page, GantryProcess gantry)
    {
        await page.GotoAsync(Url(gantry) + "/signin");
        await page.GetByLabel("Token", new() { Exact = true }).FillAsync((await File.ReadAllTextAsync(Path.Combine(gantry.DataDirectory, "admin-token"))).Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitLiveAsync(page, gantry);
    }

    /// <summary>Waits until the page is interactive (clicks before that do nothing); on a timeout, says what the page and server showed.</summary>
    public static async Task WaitLiveAsync(IPage page, GantryProcess gantry)
    {
        try
        {
            await page.Locator("#console-live").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- url {page.Url}\n--- page\n{await page.ContentAsync()}\n--- server\n{gantry.Output}");
        }
    }
}
