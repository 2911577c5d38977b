using System.Collections.Concurrent;
using System.Net;

namespace Gantry.Gateway.FastPath;

/// <summary>One destination address and its idle connections.</summary>
internal sealed class Upstream(EndPoint endPoint)
{
    public EndPoint EndPoint { get; } = endPoint;

    public ConcurrentStack<UpstreamConnection> Idle { get; } = new();
}
