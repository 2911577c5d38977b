namespace Gantry.Provisioners.Services;

/// <summary>Where a platform server is in its life, as its host sees it.</summary>
public enum ServiceState
{
    /// <summary>Not running: never started, or stopped.</summary>
    Stopped,

    /// <summary>Its data folder is being initialized.</summary>
    Initializing,

    /// <summary>Started (or adopted), not ready yet.</summary>
    Starting,

    Running,

    /// <summary>It exited (or a restart failed); it is started again after a delay that doubles each time, up to a minute.</summary>
    BackingOff,

    /// <summary>It could not be started; <see cref="ServiceStatus.Error"/> says why.</summary>
    Failed,

    Stopping,

    /// <summary>Left running for the next Gantry to adopt; this host no longer watches it.</summary>
    Detached,
}
