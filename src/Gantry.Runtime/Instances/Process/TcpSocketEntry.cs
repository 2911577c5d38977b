using System.Net;

namespace Gantry.Runtime.Instances.Process;

/// <summary>One TCP socket as a line of <c>/proc/net/tcp</c> or <c>/proc/net/tcp6</c> describes it.</summary>
/// <param name="LocalAddress">The address it is bound to (<c>0.0.0.0</c> or <c>::</c> for all).</param>
/// <param name="LocalPort">The port it is bound to.</param>
/// <param name="State">The kernel's TCP state: <c>0x0A</c> is LISTEN, <c>0x01</c> ESTABLISHED.</param>
/// <param name="Inode">The socket's inode, which <c>/proc/PID/fd</c> links name as <c>socket:[INODE]</c>.</param>
public sealed record TcpSocketEntry(IPAddress LocalAddress, int LocalPort, int State, long Inode)
{
    /// <summary>The kernel's number for the LISTEN state.</summary>
    public const int ListenState = 0x0A;

    public bool IsListening => State == ListenState;
}
