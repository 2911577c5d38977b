using System.Collections.Immutable;

namespace Gantry.Runtime.Instances;

/// <summary>How to start an instance of a built artifact: the executable, its arguments, where, and environment the build needs.</summary>
public sealed record LaunchCommand(
    string FileName,
    ImmutableArray<string> Arguments,
    string WorkingDirectory,
    ImmutableDictionary<string, string> Environment);
