using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Gantry.Gateway.FastPath;

/// <summary>One kept-alive HTTP/1.1 connection to an app instance, on Kestrel's socket transport.</summary>
internal sealed class UpstreamConnection(ConnectionContext connection, long createdMs) : IAsyncDisposable
{
    public PipeReader Input => connection.Transport.Input;

    public PipeWriter Output => connection.Transport.Output;

    public long CreatedMs { get; } = createdMs;

    public long IdleSinceMs { get; set; }

    /// <summary>
    /// An idle connection the app closed (or wrote to, which no request asked for) cannot carry a request; checked
    /// before reuse so that the common case, a connection the app timed out, costs no failed attempt.
    /// </summary>
    public bool IsStale()
    {
        if (!Input.TryRead(out var result))
        {
            return false;
        }

        Input.AdvanceTo(result.Buffer.Start);
        return result.IsCompleted || result.IsCanceled || !result.Buffer.IsEmpty;
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        await connection.DisposeAsync();
    }
}
