namespace Gantry.Gateway.Host;

/// <summary>Where a gateway follows its control plane: the control plane's URL, the file holding the gateway token, and its own name.</summary>
internal sealed record FeedSettings(Uri ControlPlane, string TokenFile, string? Name)
{
    /// <summary>How long the stream may stay silent (the control plane sends an empty line every 10 s) before the gateway reconnects.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the gateway reports besides after every frame.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting; it doubles up to <see cref="MaxBackoff"/>, and a frame received resets it.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);
}
