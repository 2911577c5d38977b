using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>The platform server that holds a type's resources: one per type and class, shared by every app using it.</summary>
/// <param name="Port">The port inside a container; on the process runtime a free one is chosen once and kept.</param>
public sealed record ServiceDefinition(
    int Port,
    ImmutableArray<GeneratedValue> Generated,
    ProcessServiceDefinition? Process,
    ContainerServiceDefinition? Container,
    StepDefinition? Ready);
