namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// Holds back the first frame of each gateway's stream until the apps that ran before this control plane started
/// serve again. A gateway that served on through a control-plane restart would otherwise be handed a snapshot
/// without the apps still being adopted, and answer 404 for them meanwhile. Bounded by <see cref="MaxWait"/>.
/// </summary>
public sealed class RestoreGate
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => _opened.Task;

    public void Open() => _opened.TrySetResult();
}
