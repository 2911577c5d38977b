using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Support;

/// <summary>
/// One more gateway, as a user starts it on another machine: <c>gantry gateway --control-plane … --token-file …</c>,
/// following a running <c>gantry up</c>, on 127.0.0.1 with a port the system chose (read from its state folder).
/// </summary>
public sealed class SecondGateway : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SecondGateway(Process process) => _process = process;

    public int Port { get; private set; }

    public int Pid => _process.Id;

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

    public static async Task<SecondGateway> StartAsync(GantryProcess gantry, string state, string name)
    {
        var gateway = new SecondGateway(Process.Start(CliRunner.StartInfo(
            ["gateway", "--control-plane", $"http://127.0.0.1:{gantry.AdminPort}", "--token-file", Path.Combine(gantry.DataDirectory, "gateway-token"),
             "--name", name, "--address", "127.0.0.1", "--port", "0", "--state", state]))!);
        gateway._process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        gateway._process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        var ports = await Eventually.UntilAsync(() => Task.FromResult(PortsIn(state)), p => p.Http > 0 || gateway._process.HasExited, TimeSpan.FromSeconds(60), $"{name} to listen");
        Assert.False(gateway._process.HasExited, $"gantry gateway exited: {gateway.Output}");
        gateway.Port = ports.Http;

        // As a load balancer would: no traffic before it is ready (it holds the control plane's snapshot).
        using var health = new HttpClient();
        await Eventually.UntilAsync(async () => (await health.GetAsync($"http://127.0.0.1:{ports.Health}/healthz/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), $"{name} to be ready");
        return gateway;
    }

    /// <summary>SIGTERM, as a service manager stops it; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SIGTERM);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static (int Http, int Health) PortsIn(string state)
    {
        try
        {
            using var ports = JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "ports.json")));
            return (ports.RootElement.GetProperty("http").GetInt32(), ports.RootElement.GetProperty("health").GetInt32());
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return (0, 0);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
