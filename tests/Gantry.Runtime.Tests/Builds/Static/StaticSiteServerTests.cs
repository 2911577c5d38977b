using System.Net;
using Gantry.Runtime.Builds.Static;
using Gantry.Runtime.Tests.TestSupport;

namespace Gantry.Runtime.Tests.Builds.Static;

public sealed class StaticSiteServerTests : IAsyncLifetime
{
    private readonly TempDirectory _site = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new();

    // The server is told its port up front, as instances are: one below the ephemeral range, held for the test.
    private readonly Gantry.Testing.ReservedPort _port = Gantry.Testing.ReservedPort.Take();
    private Task _server = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _site.Write("index.html", "<h1>Home</h1>");
        _site.Write("app.js", "console.log('hi')");
        _site.Write("style.css", "body{}");
        _site.Write("docs/index.html", "<h1>Docs</h1>");
        _site.Write("data.unknownext", "raw");
        _http.BaseAddress = new Uri($"http://127.0.0.1:{_port.Number}");
        _server = StaticSiteServer.RunAsync(_site.Path, _port.Number, _stop.Token);
        await Poll.UntilAsync(() => Answers(), "the static server answers");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _server.WaitAsync(Poll.DefaultTimeout);
        _http.Dispose();
        _stop.Dispose();
        _site.Dispose();
        _port.Dispose();
    }

    [Theory]
    [InlineData("/", "text/html", "<h1>Home</h1>")]
    [InlineData("/docs/", "text/html", "<h1>Docs</h1>")]
    [InlineData("/app.js", "text/javascript", "console.log('hi')")]
    [InlineData("/style.css", "text/css", "body{}")]
    [InlineData("/data.unknownext", "application/octet-stream", "raw")]
    public async Task Get_ServesTheFile_WithItsContentType_AndIndexHtmlForFolders(string path, string contentType, string body)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_OfAMissingFile_Answers404WithAPage()
    {
        using var response = await _http.GetAsync("/nope.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("404 Not Found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OfAMissingFile_ServesTheSites404Html_WhenItHasOne()
    {
        _site.Write("404.html", "<p>custom not found</p>");

        using var response = await _http.GetAsync("/missing/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("<p>custom not found</p>", await response.Content.ReadAsStringAsync());
    }

    private bool Answers()
    {
        try
        {
            using var response = _http.GetAsync("/").GetAwaiter().GetResult();
            return true;
        }
        catch (HttpRequestException)
        {
            return !_server.IsCompleted ? false : throw new InvalidOperationException("the server stopped", _server.Exception);
        }
    }
}
