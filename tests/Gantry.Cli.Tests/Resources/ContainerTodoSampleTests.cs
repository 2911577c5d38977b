using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// samples/todo on the container runtime: the API built into an image, its PostgreSQL and Redis run as containers on
/// the installation's network (stand-in images of postgres:16 and redis:7 made from this machine's binaries, as no
/// registry is reachable), reached by their names. A killed database container is started again on its volume; a
/// killed Gantry adopts the servers it left running.
/// </summary>
public sealed class ContainerTodoSampleTests() : ContainerGantryTest("gantry-ctodo")
{
    [Fact]
    public async Task TheTodoSample_RunsOnContainers_AndItsDataOutlivesAKilledDatabaseAndAKilledGantry()
    {
        await ServiceImages.EnsureAsync("postgres");
        await ServiceImages.EnsureAsync("redis");
        var sample = Path.Combine(Repository.Root, "samples", "todo", "gantry.yaml");
        var deploy = await Gantry.RunAsync("deploy", "-f", sample, "--wait", "--timeout", "5m");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");

        await AddAsync("buy milk");
        Assert.Equal(["buy milk"], await TitlesAsync());

        // Apps reach the servers by name on the installation's network, at the images' own ports.
        var db = await Gantry.RevealOutputsAsync("todo", "db");
        Assert.Equal(("postgres-default", "5432"), (db["host"], db["port"]));
        Assert.Equal("redis-default", (await Gantry.RevealOutputsAsync("todo", "cache"))["host"]);
        var installation = (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "installation-id"))).Trim();
        var postgres = await Engine.Containers.InspectContainerAsync($"postgres-default.{installation}");
        Assert.Equal("postgres-default", postgres.Config.Labels["gantry.service"]);
        Assert.Contains(postgres.Mounts, m => m.Type == "volume" && m.Name == $"gantry-service-postgres-default-{installation}");

        // kill -9 of the database: started again on its volume; the row is there and new ones are written.
        await Engine.Containers.KillContainerAsync(postgres.ID, new ContainerKillParameters { Signal = "KILL" });
        await Eventually.UntilAsync(async () => await Gantry.PlatformServiceAsync("postgres-default") is var s && s.GetProperty("restarts").GetInt32() >= 1 && s.GetProperty("state").GetString() == "running",
            TimeSpan.FromSeconds(90), "the killed database to be started again");
        await Eventually.UntilAsync(async () => await TryAddAsync("buy bread"), added => added, TimeSpan.FromSeconds(60), "the app to write again after the restart");
        Assert.Equal(["buy milk", "buy bread"], await TitlesAsync());

        // kill -9 of Gantry: the next one adopts the running servers (same containers, not restarted).
        var running = await Engine.Containers.InspectContainerAsync($"postgres-default.{installation}");
        await Gantry.KillAsync();
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), runtime: "container");

        // The gateway served on through the kill, so the app may write before the new control plane adopted its servers.
        foreach (var server in new[] { "postgres-default", "redis-default" })
        {
            await Eventually.UntilAsync(async () => await AdoptedAsync(server), TimeSpan.FromSeconds(90), $"{server} to be adopted");
        }

        await Eventually.UntilAsync(async () => await TryAddAsync("buy eggs"), added => added, TimeSpan.FromSeconds(90), "the app to write after Gantry's restart");
        Assert.Equal(["buy milk", "buy bread", "buy eggs"], await TitlesAsync());
        Assert.Equal(running.ID, (await Engine.Containers.InspectContainerAsync($"postgres-default.{installation}")).ID);
        var adopted = await Gantry.PlatformServiceAsync("postgres-default");
        Assert.True(adopted.GetProperty("adopted").GetBoolean(), adopted.ToString());
        Assert.Equal("container", adopted.GetProperty("runtime").GetString());

        // Its data size is its volume's: a PostgreSQL cluster is tens of megabytes, never nothing.
        var volume = await Engine.Volumes.InspectAsync($"gantry-service-postgres-default-{installation}");
        Assert.True(adopted.GetProperty("dataBytes").GetInt64() > 1_000_000, adopted.ToString());
        Assert.True(Directory.Exists(volume.Mountpoint), volume.Mountpoint);
    }

    private async Task<bool> AdoptedAsync(string server)
    {
        var services = await Gantry.RunAsync("services", "list", "--json");
        return services.ExitCode == 0 && JsonDocument.Parse(services.Stdout).RootElement.EnumerateArray().Any(s =>
            s.GetProperty("name").GetString() == server && s.GetProperty("state").GetString() == "running" && s.GetProperty("adopted").GetBoolean());
    }

    private HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = Gantry.Gateway };
        http.DefaultRequestHeaders.Host = "todo.localhost";
        return http;
    }

    private async Task AddAsync(string title) => Assert.True(await TryAddAsync(title), $"POST /todos {title}\n--- server\n{Gantry.Output}");

    private async Task<bool> TryAddAsync(string title)
    {
        using var http = Api();
        try
        {
            using var created = await http.PostAsJsonAsync("/todos", new { title });
            return created.StatusCode == HttpStatusCode.Created;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<List<string>> TitlesAsync()
    {
        using var http = Api();
        var json = await http.GetStringAsync(new Uri("/todos", UriKind.Relative));
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(t => t.GetProperty("title").GetString()!)];
    }
}
