namespace Gantry.Kubernetes.Apply;

/// <summary>One release of an app for a cluster: its rendered objects, the namespace they live in, and how long it may take.</summary>
public sealed record ClusterRelease(string App, int Number, string Namespace, IReadOnlyList<object> Objects, TimeSpan ReadyTimeout);
