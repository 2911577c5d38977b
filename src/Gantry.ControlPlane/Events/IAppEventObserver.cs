using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Events;

/// <summary>Told of every app event once it is stored (for example, <c>gantry up</c> prints them as progress lines).</summary>
public interface IAppEventObserver
{
    /// <summary>Called on the writer's thread: keep it short, and never throw.</summary>
    void Written(EventRecord appEvent);
}
