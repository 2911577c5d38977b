using Microsoft.Playwright;

namespace Gantry.Cli.Tests.Console;

/// <summary>Headless Chromium (Debian's package, see REAL-COMPONENTS.md) driven by Playwright, with screenshots kept as test artifacts.</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    /// <summary>Where screenshots go: artifacts/test-results/console under the repository.</summary>
    public static string ScreenshotDirectory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../artifacts/test-results/console"));

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: run ./test.sh, which installs Debian's chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = Arguments });
        return new Browser(playwright, browser);
    }

    /// <summary>A separate session (its own cookies), as another person or another browser window would have.</summary>
    public async Task<IPage> NewSessionAsync(int width = 1280, int height = 900)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
