using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// Compose files deployed end to end with <c>gantry deploy -f compose.yaml</c> on the container runtime (Podman), with
/// images built locally from the services' build folders, as no registry is reachable here.
/// </summary>
public sealed class ComposeDeployTests() : ContainerGantryTest("gantry-compose")
{
    [Fact]
    public async Task AServiceWaitingForAHealthyOne_StartsAfterIt_AndItsNamedVolumeKeepsItsDataAcrossReleases()
    {
        var folder = BuildFolder(new BusyboxApp(), "boxes");
        await WriteComposeAsync(folder, "hello");

        var first = await DeployComposeAsync(folder);
        await WriteComposeAsync(folder, "again");
        await DeployComposeAsync(folder);

        // The build's start script records every start in /data/starts.txt: both releases' starts are in the one volume.
        var starts = await GetTextAsync("boxes.localhost", "/starts.txt");
        Assert.StartsWith("200 release 1 instance ", starts);
        Assert.Contains("\nrelease 2 instance ", starts);
        Assert.Contains("\"greeting\":\"again\"", await GetTextAsync("boxes.localhost"));
        Assert.Contains("web waits for api to be ready before it starts (dependsOn)", first.Stdout);
        Assert.Contains(await ContainersAsync("boxes"), c => c.Labels.TryGetValue("gantry.workload", out var w) && w == "api");
    }

    [Fact]
    public async Task WithProvision_ThePostgresServiceIsAResource_AndTheAppWritesAndReadsThroughItsOutputs()
    {
        var notes = new NotesApp(NotesStore.Postgres, "notes", Container: true);
        await Task.WhenAll(NotesImage.EnsureAsync(), ServiceImages.EnsureAsync("postgres"));
        var folder = Temp.Combine("apps", "notes");
        notes.WriteTo(folder);
        File.Delete(Path.Combine(folder, "gantry.yaml"));
        File.Delete(Path.Combine(folder, "score.yaml"));
        await File.WriteAllTextAsync(Path.Combine(folder, "compose.yaml"), """
            services:
              web:
                build: .
                entrypoint: ["/usr/bin/python3", "app.py"]
                ports: ["8080:8080"]
                environment:
                  NOTES_BIND: 0.0.0.0
                  DB_HOST: db
                  DB_PORT: "5432"
                  DB_NAME: notes
                  DB_USERNAME: notes
                  DB_PASSWORD: compose-password
                depends_on: [db]
              db:
                image: postgres:16
                environment:
                  POSTGRES_USER: notes
                  POSTGRES_PASSWORD: compose-password
                  POSTGRES_DB: notes
            """);

        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "compose.yaml"), "--provision", "--wait", "--timeout", "5m");

        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");
        await Gantry.WriteNoteAsync(notes, "alpha");
        await Gantry.WriteNoteAsync(notes, "beta");
        Assert.Equal("alpha\nbeta", await Gantry.ReadNotesAsync(notes));
        var outputs = await Gantry.RevealOutputsAsync("notes", "db");
        Assert.NotEqual("compose-password", outputs["password"]);
        Assert.DoesNotContain(await ContainersAsync("notes"), c => c.Labels.TryGetValue("gantry.workload", out var w) && w == "db");
    }

    /// <summary>The busybox app's Containerfile and start script alone: the compose file replaces its gantry.yaml and Score file.</summary>
    private string BuildFolder(BusyboxApp app, string name)
    {
        var folder = Temp.Combine("apps", name);
        app.WriteTo(folder);
        File.Delete(Path.Combine(folder, "gantry.yaml"));
        File.Delete(Path.Combine(folder, "score.yaml"));
        return folder;
    }

    private static Task WriteComposeAsync(string folder, string greeting) => File.WriteAllTextAsync(Path.Combine(folder, "compose.yaml"), $$"""
        name: boxes
        services:
          web:
            build: .
            ports: ["8080:8080"]
            environment:
              GREETING: {{greeting}}
            volumes: ["starts:/data"]
            depends_on:
              api:
                condition: service_healthy
          api:
            build: .
            expose: ["8080"]
            environment:
              GREETING: api
            healthcheck:
              test: ["CMD", "wget", "-qO-", "http://localhost:8080/"]
              interval: 2s
        volumes:
          starts:
        """);

    private async Task<CliResult> DeployComposeAsync(string folder)
    {
        var result = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "compose.yaml"), "--wait", "--timeout", "3m");
        Assert.True(result.ExitCode == 0, $"{result}\n--- server\n{Gantry.Output}");
        return result;
    }
}
