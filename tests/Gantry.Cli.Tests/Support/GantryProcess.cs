using System.Diagnostics;
using System.Text;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Support;

/// <summary><c>gantry up</c> running as its own process on 127.0.0.1 with free ports and its own data folder, as a user would run it.</summary>
public sealed class GantryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GantryProcess(Process process, string dataDirectory, int httpPort, int adminPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        HttpPort = httpPort;
        AdminPort = adminPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public int AdminPort { get; }

    public int HttpsPort { get; private init; }

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
    public static async Task<GantryProcess> StartAsync(
        string dataDirectory, bool sample = false, int? httpPort = null, int? adminPort = null, string runtime = "process", params string[] extraArgs)
    {
        var http = httpPort ?? FreePort.Get();
        var admin = adminPort ?? FreePort.Get();
        var https = FreePort.Get();
        string[] args = ["up", "--data", dataDirectory, "--http-port", $"{http}", "--https-port", $"{https}", "--admin-port", $"{admin}", "--http-address", "127.0.0.1", "--runtime", runtime, .. sample ? Array.Empty<string>() : ["--no-sample"], .. extraArgs];
        var process = Process.Start(CliRunner.StartInfo(args))!;
        var gantry = new GantryProcess(process, dataDirectory, http, admin) { HttpsPort = https };
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}") };
        await Eventually.UntilAsync(
            async () => process.HasExited ? throw new InvalidOperationException("gantry up exited:\n" + gantry.Output) : (await probe.GetStringAsync("healthz")) == "ok",
            TimeSpan.FromSeconds(60),
            "gantry up to answer on its admin port");
        return gantry;
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
