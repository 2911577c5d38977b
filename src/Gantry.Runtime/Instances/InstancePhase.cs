namespace Gantry.Runtime.Instances;

/// <summary>Where an instance is in its life, as users see it.</summary>
public enum InstancePhase
{
    Starting,
    Running,
    CrashLoopBackOff,
    Stopping,
    Stopped,
}
