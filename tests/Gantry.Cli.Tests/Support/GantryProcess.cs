using Gantry.Gateway.Config;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.DataPlane.Supervision;
using Gantry.ControlPlane.Hosting;
using Gantry.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using ProcessDriver = Gantry.Runtime.Instances.Process.ProcessDriver;

namespace Gantry.Cli.Tests.Support;

/// <summary><c>gantry up</c> running as its own process on 127.0.0.1 with any free ports (read back from DATA/ports.json) and its own data folder, as a user would run it.</summary>
public sealed class GantryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GantryProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    public int HttpPort { get; private set; }

    public int AdminPort { get; private set; }

    public int HttpsPort { get; private set; }

    public int Pid => _process.Id;

    public Uri Gateway => new($"http://127.0.0.1:{HttpPort}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The environment that points the CLI at this server.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["GANTRY_SERVER"] = $"http://127.0.0.1:{AdminPort}",
        ["GANTRY_DATA"] = DataDirectory,
    };

    /// <param name="runtime">process (the default here: most tests are about the orchestrator, and processes start fastest) or container.</param>
    /// <param name="httpPort">A port reserved up front (when another program must know it before Gantry starts); by default every port is 0, any free one.</param>
    public static Task<GantryProcess> StartAsync(
        string dataDirectory, bool sample = false, int? httpPort = null, string runtime = "process", params string[] extraArgs) =>
        StartAsync(dataDirectory, environment: null, sample, httpPort, runtime, extraArgs);

    /// <param name="extraArgs">More of <c>gantry up</c>'s flags; <c>--admin-port</c> among them replaces the default 0 (a port reserved up front).</param>
    /// <param name="environment">Variables for the server besides the test's own (credentials it reads from its environment).</param>
    public static async Task<GantryProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? environment, bool sample = false, int? httpPort = null, string runtime = "process", params string[] extraArgs)
    {
        string[] args = ["up", "--data", dataDirectory, "--http-port", $"{httpPort ?? 0}", "--https-port", "0", .. extraArgs.Contains("--admin-port") ? Array.Empty<string>() : ["--admin-port", "0"], "--http-address", "127.0.0.1", "--runtime", runtime, .. sample ? Array.Empty<string>() : ["--no-sample"], .. extraArgs];
        var process = Process.Start(CliRunner.StartInfo(args, environment))!;
        var gantry = new GantryProcess(process, dataDirectory);

        // The ports bound are in DATA/ports.json once it listens; a file left by an earlier run names another process.
        var ports = await Eventually.UntilAsync(
            () => Task.FromResult(ReadPorts(dataDirectory)),
            p => p?.Pid == process.Id || process.HasExited,
            TimeSpan.FromSeconds(60),
            "gantry up to write DATA/ports.json");
        if (process.HasExited)
        {
            throw new InvalidOperationException("gantry up exited:\n" + gantry.Output);
        }

        (gantry.HttpPort, gantry.HttpsPort, gantry.AdminPort) = (ports!.Http, ports.Https ?? 0, ports.Admin ?? 0);
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gantry.AdminPort}") };
        Assert.Equal("ok", await probe.GetStringAsync("healthz"));
        return gantry;
    }

    /// <summary>The ports file of a data folder, whoever wrote it; null while there is none.</summary>
    public static BoundPorts? ReadPorts(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<BoundPorts>(File.ReadAllText(Path.Combine(dataDirectory, BoundPorts.FileName)), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(Environment, args);

    /// <summary>A GET through the gateway for <paramref name="host"/>, as a browser at http://HOST:PORT would send it.</summary>
    public async Task<HttpResponseMessage> GetAsync(string host, string path = "/")
    {
        using var http = new HttpClient { BaseAddress = Gateway };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Sends SIGTERM (as a service manager would) or SIGINT (Ctrl-C) and waits for a clean exit.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null, int signal = Signals.SIGTERM)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        Signals.Send(_process.Id, signal);
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        Signals.Send(_process.Id, Signals.SIGKILL);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync();
            }
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        await KillWhatAKilledGantryLeftAsync();
    }

    /// <summary>The gateway process of this data folder, when one serves; null otherwise.</summary>
    public GatewayPorts? LiveGateway()
    {
        var state = Path.Combine(DataDirectory, "gateway");
        return GatewayPorts.Read(state) is { } ports && GatewayProcessInfo.IsGateway(ports.Pid, state) ? ports : null;
    }

    /// <summary>
    /// A gantry up that was killed leaves its gateway and app instances serving (that is the point); the test's ends
    /// with them, unless another gantry up (a later one of the same test) owns the data folder now.
    /// </summary>
    private async Task KillWhatAKilledGantryLeftAsync()
    {
        if (BoundPorts.ReadLive(DataDirectory) is not null)
        {
            return;
        }

        if (LiveGateway() is { } left)
        {
            Signals.Send(left.Pid, Signals.SIGKILL);
        }

        var instances = Path.Combine(DataDirectory, "run");
        if (Directory.Exists(instances))
        {
            await new ProcessDriver(instances, NullLogger<ProcessDriver>.Instance).ReapOrphansAsync(CancellationToken.None);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
