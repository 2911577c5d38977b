using System.Collections.Immutable;

namespace Gantry.AppModel.Compose;

/// <summary>How a Compose file is taken in.</summary>
/// <param name="ProjectName">The app's name when the file has no top-level <c>name:</c> (Compose takes the folder's name).</param>
/// <param name="Provision">Well-known servers (postgres, mysql/mariadb, redis, rabbitmq, minio) become provisioned resources instead of workloads.</param>
public sealed record ComposeImportOptions(string? ProjectName = null, bool Provision = false)
{
    public static ComposeImportOptions Default { get; } = new();

    /// <summary>The profiles whose services are imported besides those without profiles (<c>--profile</c>).</summary>
    /// <remarks>Not a constructor parameter: the options are stored with the release, and a default array cannot be written (nor described in OpenAPI).</remarks>
    public ImmutableArray<string> Profiles { get; init; } = [];
}

/// <summary>What became of a compose key that is not mapped one to one.</summary>
public enum ComposeNoteKind
{
    /// <summary>Mapped, with a difference worth knowing (a healthcheck's timing, a bind mount become a volume).</summary>
    Approximated,

    /// <summary>Not carried over; the app may still run without it.</summary>
    LeftOut,
}

/// <summary>One line of the import's report, located in the compose file.</summary>
public sealed record ComposeNote(ComposeNoteKind Kind, string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}

/// <summary>What one service became.</summary>
/// <param name="Service">The service's name in the compose file.</param>
/// <param name="Workload">The workload's name (a lowercase DNS label).</param>
/// <param name="ScoreFile">The Score file written for it, beside the compose file.</param>
/// <param name="Summary">What it runs and what it was given, in a few words.</param>
public sealed record ComposeServiceImport(string Service, string Workload, string ScoreFile, string Summary);

/// <summary>The app a compose file becomes: the text of its gantry.yaml and Score files, and the report of the mapping.</summary>
public sealed record ComposeImport(
    string AppName,
    ImmutableArray<KeyValuePair<string, string>> Files,
    ImmutableArray<ComposeServiceImport> Services,
    ImmutableArray<ComposeNote> Notes)
{
    /// <summary>Whether the files refer to others beside the compose file (Score file sources, build folders): then they must be written there.</summary>
    public bool RefersToFiles { get; init; }

    /// <summary>The gantry.yaml written beside the compose file.</summary>
    public string EntryFile => Files[0].Key;
}
