namespace Gantry.Runtime.Builds.Container;

/// <summary>An image made for a workload, and what it was made from, for example <c>Go 1.19.8 (go.mod), started by …</c> or <c>its Containerfile</c>.</summary>
public sealed record BuiltImage(string Image, string Stack);
