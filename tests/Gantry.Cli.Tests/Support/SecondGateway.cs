using System.Text.Json;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Support;

/// <summary>
/// One more gateway, as a user starts it on another machine: <c>gantry gateway --control-plane … --token-file …</c>,
/// following a running <c>gantry up</c>, on 127.0.0.1 with a port the system chose (read from its state folder).
/// </summary>
public sealed class SecondGateway : IAsyncDisposable
{
    private readonly WatchedProcess _process;

    private SecondGateway(WatchedProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => _process.Output;

    /// <summary>Starts it and returns once it is ready (it holds the control plane's snapshot), as a load balancer would wait.</summary>
    public static async Task<SecondGateway> StartAsync(GantryProcess gantry, string state, string name, params string[] extra)
    {
        var process = WatchedProcess.Start(CliRunner.StartInfo(
            ["gateway", "--control-plane", $"http://127.0.0.1:{gantry.AdminPort}", "--token-file", Path.Combine(gantry.DataDirectory, "gateway-token"),
             "--name", name, "--address", "127.0.0.1", "--port", "0", "--state", state, .. extra]));
        try
        {
            var ports = await Eventually.UntilAsync(() => Task.FromResult(PortsIn(state)), p => p.Http > 0 || process.HasExited, TimeSpan.FromSeconds(60), $"{name} to listen");
            Assert.False(process.HasExited, $"gantry gateway exited: {process.Output}");
            using var health = new HttpClient();
            await Eventually.UntilAsync(async () => (await health.GetAsync($"http://127.0.0.1:{ports.Health}/healthz/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), $"{name} to be ready");
            return new SecondGateway(process, ports.Http);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public Task<int> StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The process serving the gateway's ports now (after a restart, the successor), from its state folder; 0 when unknown.</summary>
    public static (int Pid, int Health) ServingIn(string state) =>
        Gateway.Config.GatewayPorts.Read(state) is { } ports ? (ports.Pid, ports.Health) : (0, 0);

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
}
