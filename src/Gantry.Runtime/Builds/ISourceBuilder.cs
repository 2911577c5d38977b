namespace Gantry.Runtime.Builds;

/// <summary>Builds one kind of source folder (a .NET project, a Node app, a static site…); builders are tried in order.</summary>
public interface ISourceBuilder
{
    /// <summary>The builder's name as users see it, for example <c>dotnet</c>.</summary>
    string Name { get; }

    /// <summary>Anything besides the sources that changes what this builder makes; part of the build key.</summary>
    string Fingerprint { get; }

    /// <summary>True when this builder builds the folder. Throws <see cref="BuildFailedException"/> when it recognises the folder but cannot build it here.</summary>
    bool Detects(BuildRequest request);

    /// <summary>Builds into <see cref="SourceBuildContext.ArtifactDirectory"/> and returns how to start the result and what was detected.</summary>
    Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken);
}
