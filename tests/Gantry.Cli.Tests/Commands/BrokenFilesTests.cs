using System.Net;
using System.Net.Http.Headers;
using Gantry.Cli.Bundling;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// Every broken app of the app model's corpus, deployed for real: the CLI exits 2 naming file, line, column and field;
/// the API refuses the same upload with 400; and nothing on the server changes.
/// </summary>
public sealed class BrokenFilesTests() : RunningGantryTest("gantry-broken")
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Corpus", "broken");

    [Fact]
    public async Task DeployingEachBrokenApp_Exits2WithTheLocation_TheApiRefusesIt_AndNothingChangesOnTheServer()
    {
        var good = new NodeApp().WriteTo(Temp.Combine("good"));
        Assert.Equal(0, (await Gantry.RunAsync("deploy", "-f", good, "--wait")).ExitCode);
        var appsBefore = await StateAsync("apps");
        var releasesBefore = await StateAsync("releases", "echo");
        var cases = Directory.GetDirectories(Corpus).Order(StringComparer.Ordinal).ToList();
        Assert.True(cases.Count >= 20, $"only {cases.Count} broken apps in the corpus");

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gantry.AdminPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "admin-token"))).Trim());
        var problems = new List<string>();
        foreach (var folder in cases)
        {
            var entry = File.Exists(Path.Combine(folder, "gantry.yaml")) ? "gantry.yaml" : "score.yaml";
            var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).First(l => l.Trim().Length > 0).Split(" ~ ")[0];

            var cli = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, entry));
            if (cli.ExitCode != 2 || !cli.Stderr.Contains(expected, StringComparison.Ordinal))
            {
                problems.Add($"{Path.GetFileName(folder)}: CLI {cli}");
            }

            var status = await PostBundleAsync(api, folder, entry);
            if (status != HttpStatusCode.BadRequest)
            {
                problems.Add($"{Path.GetFileName(folder)}: API answered {(int)status}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        Assert.Equal(appsBefore, await StateAsync("apps"));
        Assert.Equal(releasesBefore, await StateAsync("releases", "echo"));
    }

    private static async Task<HttpStatusCode> PostBundleAsync(HttpClient api, string folder, string entry)
    {
        await using var bundle = await AppBundle.CreateAsync(folder, CancellationToken.None);
        using var content = new MultipartFormDataContent { { new StringContent(entry), "entry" }, { new StreamContent(bundle), "bundle", "app.tar.gz" } };
        using var response = await api.PostAsync("api/v1/deploy", content);
        return response.StatusCode;
    }

    /// <summary>The server's state as the CLI prints it, without fields that change with the clock.</summary>
    private async Task<string> StateAsync(params string[] command)
    {
        var result = await Gantry.RunAsync([.. command, "--json"]);
        Assert.Equal(0, result.ExitCode);
        return string.Join("\n", result.Stdout.Split('\n').Where(l => !l.Contains("At\"", StringComparison.Ordinal)));
    }
}
