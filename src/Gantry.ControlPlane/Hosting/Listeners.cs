using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gantry.ControlPlane.Hosting;

/// <summary>Kestrel's listen options, which carry the port actually bound once the server started.</summary>
internal sealed class Listeners
{
    public ListenOptions? Http { get; set; }

    public ListenOptions? Https { get; set; }

    public ListenOptions? Admin { get; set; }

    public int Port(ListenOptions? listen) =>
        (listen?.IPEndPoint ?? throw new InvalidOperationException("the listener was not configured")).Port;
}
