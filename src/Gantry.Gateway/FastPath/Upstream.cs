using System.Net;

namespace Gantry.Gateway.FastPath;

/// <summary>One destination address and its idle connections (a plain stack under a lock: no allocation per return).</summary>
internal sealed class Upstream(EndPoint endPoint)
{
    private readonly Stack<UpstreamConnection> _idle = new();

    public EndPoint EndPoint { get; } = endPoint;

    public bool TryTake(out UpstreamConnection connection)
    {
        lock (_idle)
        {
            return _idle.TryPop(out connection!);
        }
    }

    public void Keep(UpstreamConnection connection)
    {
        lock (_idle)
        {
            _idle.Push(connection);
        }
    }
}
