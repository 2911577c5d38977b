using System.Collections.Immutable;

namespace Gantry.Runtime.Builds;

/// <summary>A source folder to build; <c>Command</c>/<c>Args</c> (from Score) replace the detected start command when set.</summary>
public sealed record BuildRequest(string SourceDirectory, ImmutableArray<string> Command, ImmutableArray<string> Args);
