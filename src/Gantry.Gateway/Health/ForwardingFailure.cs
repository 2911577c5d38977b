using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway.Health;

/// <summary>Reads a forwarder error the way passive health and retries need it: did the destination even accept a connection?</summary>
internal static class ForwardingFailure
{
    /// <summary>The destination refused, could not be resolved, or did not answer the connection attempt in time.</summary>
    public static bool IsConnectFailure(ForwarderError error, Exception? exception)
    {
        if (error is not (ForwarderError.Request or ForwarderError.RequestTimedOut))
        {
            return false;
        }

        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }:
                    return true;

                // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException;
                // the forwarder's own activity timeout cancels without one.
                case OperationCanceledException { InnerException: TimeoutException }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Failed before any response byte was produced, so another destination can be asked instead.</summary>
    public static bool HappenedBeforeResponse(ForwarderError error, bool connectFailure) =>
        error == ForwarderError.Request || connectFailure;
}
