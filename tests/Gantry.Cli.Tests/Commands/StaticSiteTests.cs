using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>A folder with index.html and a Score file goes live, served by Gantry's own static file server.</summary>
public sealed class StaticSiteTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-static");
    private GantryProcess _gantry = null!;

    public async Task InitializeAsync() => _gantry = await GantryProcess.StartAsync(_temp.Combine("data"));

    public async Task DisposeAsync()
    {
        await _gantry.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Deploy_OfAStaticSite_ServesItsFilesButNotItsScoreFile()
    {
        var site = _temp.Combine("site");
        Directory.CreateDirectory(Path.Combine(site, "css"));
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "<h1>static hello</h1>");
        await File.WriteAllTextAsync(Path.Combine(site, "css", "site.css"), "h1 { color: teal }");
        await File.WriteAllTextAsync(Path.Combine(site, "score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: docs
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              site:
                image: .
            resources:
              dns:
                type: dns
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  path: /
                  port: 80
            """);

        var deploy = await _gantry.RunAsync("deploy", "-f", Path.Combine(site, "score.yaml"), "--wait");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("static", deploy.Stdout);
        using var http = new HttpClient { BaseAddress = _gantry.Gateway };
        Assert.Contains("static hello", await GetAsync(http, "/"));
        Assert.Contains("teal", await GetAsync(http, "/css/site.css"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/score.yaml");
        request.Headers.Host = "docs.localhost";
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    private static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "docs.localhost";
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
