namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A resource type the platform provisions, as the CLI needs it to check an app before uploading it.</summary>
public sealed record ProvisionerInfo(
    string Type,
    string Class,
    string Description,
    string Source,
    IReadOnlyList<ProvisionerParamInfo> Params,
    IReadOnlyList<ProvisionerOutputInfo> Outputs);

/// <summary>A parameter a resource of the type may set.</summary>
public sealed record ProvisionerParamInfo(string Name, string Kind, string Description);

/// <summary>An output placeholders may read; secret ones are never shown.</summary>
public sealed record ProvisionerOutputInfo(string Name, bool Secret);

/// <summary>A resource an app uses: what it is, where it lives, how it went; secret outputs hidden unless revealed.</summary>
public sealed record ResourceInfo(
    string Key,
    IReadOnlyList<string> Names,
    string Type,
    string Class,
    string Service,
    string Status,
    string? Problem,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ProvisionedAt,
    IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>Its newest backup (a failed one too: a failure must show, not hide behind an older success); null when none.</summary>
    public BackupInfo? LastBackup { get; init; }

    /// <summary>The bytes it takes on its server (a database's size, a cache's memory), as of up to half a minute ago; null when unknown or its server is not running.</summary>
    public long? DataBytes { get; init; }
}

/// <summary>A platform server: one per resource type and class, shared by the apps whose resources it holds.</summary>
public sealed record PlatformServiceInfo(
    string Name,
    string Type,
    string Class,
    int Port,
    string State,
    int? Pid,
    int Restarts,
    string? LastExit,
    long DataBytes,
    IReadOnlyList<string> Apps)
{
    /// <summary>"process" (on this machine) or "container" (on the engine, on the installation's network).</summary>
    public string Runtime { get; init; } = "process";

    /// <summary>Left running by an earlier Gantry and taken over, not started by this one.</summary>
    public bool Adopted { get; init; }
}
