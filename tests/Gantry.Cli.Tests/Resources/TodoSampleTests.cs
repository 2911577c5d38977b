using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// The README's samples/todo, deployed as a user would (one command, from the repository): an ASP.NET Core API built
/// from source, on a PostgreSQL database and a Redis cache Gantry provisions, reached only through their outputs.
/// </summary>
public sealed class TodoSampleTests() : ResourceTest("gantry-todo")
{
    [Fact]
    public async Task TheTodoSample_KeepsItsTodosInPostgres_AndCachesTheListInRedis()
    {
        RequirePostgres();
        RequireRedis();
        var sample = Path.Combine(Repository.Root, "samples", "todo", "gantry.yaml");
        var deploy = await Gantry.RunAsync("deploy", "-f", sample, "--wait");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");

        using var http = new HttpClient { BaseAddress = Gantry.Gateway };
        http.DefaultRequestHeaders.Host = "todo.localhost";
        using (var created = await http.PostAsJsonAsync("/todos", new { title = "buy milk" }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using var first = await http.GetAsync(new Uri("/todos", UriKind.Relative));
        using var second = await http.GetAsync(new Uri("/todos", UriKind.Relative));
        Assert.Equal("miss", Assert.Single(first.Headers.GetValues("X-Cache")));
        Assert.Equal("hit", Assert.Single(second.Headers.GetValues("X-Cache")));
        var todo = Assert.Single(JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.Equal("buy milk", todo.GetProperty("title").GetString());

        var resources = await Gantry.RunAsync("resources", "list", "todo", "--json");
        var listed = JsonDocument.Parse(resources.Stdout).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("type").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["postgres"] = "ready", ["redis"] = "ready" }, listed);
    }
}
