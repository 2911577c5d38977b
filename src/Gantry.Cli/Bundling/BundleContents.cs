using System.Collections.Immutable;

namespace Gantry.Cli.Bundling;

/// <summary>What a deploy uploads, sorted by path, and why anything that was looked at was left out.</summary>
public sealed record BundleContents(ImmutableArray<BundleFile> Files, ImmutableArray<string> Warnings)
{
    public long TotalBytes => Files.Sum(f => f.Length);
}
