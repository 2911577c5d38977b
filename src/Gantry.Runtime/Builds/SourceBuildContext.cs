namespace Gantry.Runtime.Builds;

/// <summary>What a builder gets: the request (with a full source path), the empty artifact folder to fill, and where build output goes.</summary>
public sealed record SourceBuildContext(BuildRequest Request, string ArtifactDirectory, IProgress<string> Output);
