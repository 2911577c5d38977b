using System.Net;
using System.Net.Sockets;
using Gantry.Provisioners.Steps;

namespace Gantry.Provisioners.Services;

/// <summary>Whether a server takes requests: its ready command exits 0, or (without one) its port accepts a connection.</summary>
internal static class ReadyCheck
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <returns>Ready, or not with what the check said. A missing program throws <see cref="StepFailedException"/>: waiting would not help.</returns>
    public static async Task<(bool Ready, string? Detail)> RunAsync(ServicePlan plan, StepRunner steps, CancellationToken cancellationToken)
    {
        if (plan.Ready is { } command)
        {
            var result = await steps.ExecuteAsync(command, cancellationToken);
            return result.Succeeded ? (true, null) : (false, "its readiness check failed: " + StepRunner.Describe(command, result));
        }

        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, plan.Port, timeout.Token);
            return (true, null);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (false, $"nothing accepts connections on 127.0.0.1:{plan.Port}");
        }
    }
}
