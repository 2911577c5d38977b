using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>A folder with index.html and a Score file goes live, served by Gantry's own static file server.</summary>
public sealed class StaticSiteTests() : RunningGantryTest("gantry-static")
{
    [Fact]
    public async Task Deploy_OfAStaticSite_ServesItsFilesButNotItsScoreFile()
    {
        var site = Temp.Combine("site");
        var score = StaticSite.WriteTo(site, "<h1>static hello</h1>");
        Directory.CreateDirectory(Path.Combine(site, "css"));
        await File.WriteAllTextAsync(Path.Combine(site, "css", "site.css"), "h1 { color: teal }");

        var deploy = await Gantry.RunAsync("deploy", "-f", score, "--wait");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("static", deploy.Stdout);
        Assert.Contains("static hello", await (await Gantry.GetAsync("docs.localhost")).Content.ReadAsStringAsync());
        Assert.Contains("teal", await (await Gantry.GetAsync("docs.localhost", "/css/site.css")).Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await Gantry.GetAsync("docs.localhost", "/score.yaml")).StatusCode);
    }
}
