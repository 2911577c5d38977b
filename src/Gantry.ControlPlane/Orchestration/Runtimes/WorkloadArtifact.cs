using Gantry.Runtime.Builds;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>What a workload of a release needs to run, made once per release: a built artifact (processes) or an image (containers).</summary>
/// <param name="Summary">What preparing did, in words for the release's events, for example <c>reused the dotnet build</c>.</param>
/// <param name="Digest">The image's content digest (or the engine's image id) when there is an image.</param>
/// <param name="Stack">What a build from source detected, for example <c>Go 1.19.8 (go.mod), started by …</c>; null for a given image.</param>
public sealed record WorkloadArtifact(string Summary, BuildArtifact? Build, string? Image, string? Digest = null, string? Stack = null);
