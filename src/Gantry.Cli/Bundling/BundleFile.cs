namespace Gantry.Cli.Bundling;

/// <summary>One file to upload: where it is on disk and its path in the bundle (relative to the app's folder, forward slashes).</summary>
public sealed record BundleFile(string FullPath, string RelativePath, long Length);
