using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// A test of one resource type end to end on a running Gantry: deploys <see cref="NotesApp"/>s, writes and reads
/// their notes, reveals their outputs, finds the type's platform server, and looks for a password everywhere.
/// </summary>
public abstract class ResourceTest(string prefix) : RunningGantryTest(prefix)
{
    /// <summary>Throws (a failure, also in CI) when the machine lacks the server the test needs.</summary>
    protected static void Require(bool installed, string what, string package)
    {
        if (!installed)
        {
            throw new InvalidOperationException($"{what} is not installed: ./test.sh installs it (apt-get install {package})");
        }
    }

    protected static void RequirePostgres() => Require(Directory.Exists("/usr/lib/postgresql"), "PostgreSQL", "postgresql");

    protected static void RequireRedis() => Require(File.Exists("/usr/bin/redis-server") && File.Exists("/usr/bin/redis-cli"), "Redis", "redis-server");

    /// <summary>GET on the admin API with the admin token: the answer's body.</summary>
    protected async Task<string> ApiGetAsync(string path)
    {
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gantry.AdminPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "admin-token"))).Trim());
        return await api.GetStringAsync(path);
    }

    protected Task DeployAsync(NotesApp app, string folder) => Gantry.DeployNotesAsync(app, Temp.Combine(folder));

    protected Task WriteAsync(NotesApp app, string value) => Gantry.WriteNoteAsync(app, value);

    protected Task<string> ReadAsync(NotesApp app) => Gantry.ReadNotesAsync(app);

    /// <summary>
    /// Deploys both apps, writes "alpha" and "beta" through <paramref name="notes"/> and "gamma" through
    /// <paramref name="other"/>, reads each back, checks the first takes room on its server, and returns both resources'
    /// outputs (users of their own).
    /// </summary>
    protected async Task<(Dictionary<string, string> Mine, Dictionary<string, string> Theirs)> TwoAppsWithNotesAsync(NotesApp notes, NotesApp other)
    {
        await DeployAsync(notes, "v1");
        await DeployAsync(other, "other");
        await WriteAsync(notes, "alpha");
        await WriteAsync(notes, "beta");
        await WriteAsync(other, "gamma");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal("gamma", await ReadAsync(other));
        var (mine, theirs) = (await RevealAsync(notes.Name), await RevealAsync(other.Name));
        Assert.NotEqual(mine["username"], theirs["username"]);

        // Its size on the server (the definition's size step): what was written takes room.
        var listed = await Gantry.RunAsync("resources", "list", notes.Name, "--json");
        var size = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray()).GetProperty("dataBytes");
        Assert.True(size.ValueKind == JsonValueKind.Number && size.GetInt64() > 0, $"{listed}\n--- server\n{Gantry.Output}");
        return (mine, theirs);
    }

    /// <summary>
    /// A second release of <paramref name="notes"/>, then a restart of Gantry (its server stopped with it, when
    /// <paramref name="whileStopped"/> runs): the notes are there.
    /// </summary>
    protected async Task NewReleaseAndRestartAsync(NotesApp notes, string service, Action? whileStopped = null)
    {
        await DeployAsync(notes with { Greeting = "second" }, "v2");
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
        Assert.Equal(0, await Gantry.StopAsync());
        Assert.Null(ServerPid(service)); // Gantry stops the servers it runs, after its apps
        whileStopped?.Invoke();
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));
        Assert.Equal("alpha\nbeta", await ReadAsync(notes));
    }

    /// <summary>The resource's outputs, the password among them.</summary>
    protected Task<Dictionary<string, string>> RevealAsync(string app, string resource = "db") => Gantry.RevealOutputsAsync(app, resource);

    /// <summary>The platform server <paramref name="service"/> as <c>gantry services list</c> shows it.</summary>
    protected Task<JsonElement> ServiceAsync(string service) => Gantry.PlatformServiceAsync(service);

    /// <summary>The pid in the server's pid file while that process lives; null when none runs.</summary>
    protected int? ServerPid(string service)
    {
        var file = Path.Combine(Gantry.DataDirectory, "services", service, "run", "server.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Split(' ')[0], out var pid) && ProcessTree.IsAlive(pid) ? pid : null;
    }

    /// <summary>kill -9 of the server: Gantry restarts it, and <paramref name="app"/> reads <paramref name="expected"/> again.</summary>
    protected async Task KillServerAndReadAgainAsync(string service, NotesApp app, string expected)
    {
        var before = ServerPid(service);
        Assert.NotNull(before);
        Signals.Send(before.Value, Signals.SIGKILL);
        await Eventually.UntilAsync(async () => (await ServiceAsync(service)) is var s && s.GetProperty("restarts").GetInt32() >= 1 && s.GetProperty("state").GetString() == "running",
            TimeSpan.FromSeconds(60), "the killed server to be restarted");
        Assert.Equal(expected, await Eventually.UntilAsync(() => ReadAsync(app), r => r == expected, TimeSpan.FromSeconds(30), "the notes after the server's restart"));
        Assert.NotEqual(before, ServerPid(service));
    }

    /// <summary>Runs a client program; its exit code and what it printed.</summary>
    protected static async Task<(int ExitCode, string Stdout, string Stderr)> ToolAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? stdin = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stdout, await stderr);
    }

    /// <summary>
    /// None of <paramref name="secrets"/> in an API answer or CLI output about <paramref name="app"/> (which has two
    /// releases; its resource is "db"), but the reveal, nor in any file under Gantry's data folder, the servers' data
    /// and logs included.
    /// </summary>
    protected async Task AssertNowhereAsync(string app, params string[] secrets)
    {
        var seen = new StringBuilder();
        foreach (var path in new[] { $"api/v1/apps/{app}", $"api/v1/apps/{app}/releases", $"api/v1/apps/{app}/releases/1", $"api/v1/apps/{app}/releases/2", $"api/v1/apps/{app}/resources", $"api/v1/apps/{app}/resources/db", "api/v1/events", "api/v1/services" })
        {
            seen.AppendLine(await ApiGetAsync(path));
        }

        foreach (var args in new[] { ["status", app, "--json"], ["releases", app, "2", "--json"], ["resources", "list", app, "--json"], ["resources", "show", app, "db"], new[] { "logs", app } })
        {
            var result = await Gantry.RunAsync(args);
            seen.AppendLine(result.Stdout).AppendLine(result.Stderr);
        }

        var text = seen.ToString();
        Assert.Contains("(secret, fingerprint ", text);
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                Assert.Fail($"a password shows in an API answer or CLI output: …{Before(text, text.IndexOf(secret, StringComparison.Ordinal))}");
            }
        }

        // File by file, as bytes: a server's data folder holds files of a hundred megabytes.
        foreach (var file in Directory.EnumerateFiles(Gantry.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var secret in secrets)
            {
                var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret));
                if (at >= 0)
                {
                    Assert.Fail($"a password shows in {file} at {at}: …{Before(Encoding.UTF8.GetString(bytes[Math.Max(0, at - 300)..at]), at - Math.Max(0, at - 300))}");
                }
            }
        }
    }

    private static string Before(string text, int at) => text[Math.Max(0, at - 300)..at];

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
