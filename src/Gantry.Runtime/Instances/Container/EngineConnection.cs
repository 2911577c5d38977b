namespace Gantry.Runtime.Instances.Container;

/// <summary>The engine that answered, or why none did.</summary>
public sealed record EngineConnection(ContainerEngine? Engine, string? Failure);
