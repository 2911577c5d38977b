using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>How the server runs on the container runtime: an image, its data folder and its environment.</summary>
/// <param name="DataPath">The folder inside the container that holds the data (a volume); empty when it keeps none.</param>
/// <param name="Command">Replaces the image's command; empty keeps it.</param>
public sealed record ContainerServiceDefinition(
    string Image,
    string DataPath,
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment);
