using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Health;

/// <summary>Runs one probe against a running instance: HTTP GET, TCP connect or a command. One shared HTTP client for all probes.</summary>
public sealed class ProbeRunner : IDisposable
{
    private readonly HttpClient _http;

    public ProbeRunner()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false, // a redirect is already a success; following it could leave the instance
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };

        // Instances serving HTTPS themselves use their own (often self-signed) certificates; probes go to 127.0.0.1 and check health, not identity.
#pragma warning disable CA5359
        handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The runner supervisors share, so all probes share one connection handler.</summary>
    public static ProbeRunner Shared { get; } = new();

    public async Task<ProbeResult> RunAsync(ProbeDefinition probe, IRunningInstance instance, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        try
        {
            return probe.Kind switch
            {
                ProbeKind.Http => await HttpAsync(probe, instance, timeout.Token),
                ProbeKind.Tcp => await TcpAsync(probe, instance, timeout.Token),
                ProbeKind.Exec => await ExecProbe.RunAsync(probe, instance, timeout.Token),
                _ => new ProbeResult(false, $"unknown probe kind {probe.Kind}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, $"{Subject(probe, instance)}: timed out after {Seconds(probe.Timeout)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<ProbeResult> HttpAsync(ProbeDefinition probe, IRunningInstance instance, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(probe.Path) ? "/" : probe.Path.StartsWith('/') ? probe.Path : "/" + probe.Path;
        if (!instance.HostPorts.TryGetValue(probe.ContainerPort, out var port))
        {
            return NotAPort(probe);
        }

        var scheme = string.Equals(probe.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{scheme}://127.0.0.1:{port}{path}"));
        request.Headers.ConnectionClose = true; // like the kubelet: each probe is a fresh connection, as a new client's would be
        request.Headers.UserAgent.ParseAdd("gantry-probe/1");
        if (!string.IsNullOrEmpty(probe.Host))
        {
            request.Headers.Host = probe.Host;
        }

        foreach (var (name, value) in probe.Headers)
        {
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            return new ProbeResult(code is >= 200 and < 400, $"GET {path} → {code.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, $"GET {path}: {Describe(e)}");
        }
    }

    private static async Task<ProbeResult> TcpAsync(ProbeDefinition probe, IRunningInstance instance, CancellationToken cancellationToken)
    {
        if (!instance.HostPorts.TryGetValue(probe.ContainerPort, out var port))
        {
            return NotAPort(probe);
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new ProbeResult(true, $"connect 127.0.0.1:{port}: ok");
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, $"connect 127.0.0.1:{port}: {Describe(e)}");
        }
    }

    private static ProbeResult NotAPort(ProbeDefinition probe) =>
        new(false, $"port {probe.ContainerPort} is not one of the instance's ports");

    private static string Subject(ProbeDefinition probe, IRunningInstance instance) => probe.Kind switch
    {
        ProbeKind.Http => $"GET {probe.Path}",
        ProbeKind.Tcp => instance.HostPorts.TryGetValue(probe.ContainerPort, out var port) ? $"connect 127.0.0.1:{port}" : "connect",
        _ => $"exec {string.Join(' ', probe.Command)}",
    };

    internal static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => "timed out",
                    _ => socket.Message,
                };
            }
        }

        return e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse }
            ? "the connection closed without a valid HTTP response"
            : e.Message;
    }
}
