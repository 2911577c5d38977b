namespace Gantry.Runtime.Instances.Container;

/// <summary>Reports on the caller's thread, at once: <c>Progress&lt;T&gt;</c> posts later, after the caller may already have looked at the result.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
