using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// How a resource type is served (docs/provisioners.md): what a Score resource of this type and class may set, what it
/// gives to placeholders, what is made for each resource (a database, a user, a password), the platform server that
/// holds them on each runtime, and the commands that create, remove, back up and restore a resource. Loaded from
/// Gantry's built-in files and from DATA/provisioners; every string may hold <c>{{ path }}</c> templates.
/// </summary>
/// <param name="Source">Where the definition came from (<c>built-in:postgres.yaml</c> or a file path), for messages.</param>
public sealed record ProvisionerDefinition(
    string Type,
    string Class,
    string Description,
    string Source,
    ImmutableArray<ParamDefinition> Params,
    ImmutableArray<OutputDefinition> Outputs,
    ImmutableArray<GeneratedValue> Generated,
    ServiceDefinition? Service,
    ImmutableArray<StepDefinition> Provision,
    ImmutableArray<StepDefinition> Deprovision,
    BackupDefinition? Backup)
{
    public const string DefaultClass = "default";

    /// <summary>The outputs whose values are secrets: hidden wherever they leave the server.</summary>
    public IEnumerable<string> SecretOutputs => Outputs.Where(o => o.Secret).Select(o => o.Name);
}

/// <summary>A parameter a Score resource may set under <c>params</c>.</summary>
/// <param name="Kind"><c>string</c>, <c>list</c> (of strings) or <c>number</c>.</param>
public sealed record ParamDefinition(string Name, string Kind, string Description);

/// <summary>An output placeholders can read (<c>${resources.db.password}</c>): a template, and whether it is a secret.</summary>
public sealed record OutputDefinition(string Name, string Template, bool Secret);

/// <summary>
/// A value made once per resource (or per service) and kept: a template over the resource's name (for identifiers),
/// or <c>generate: N</c> random letters and digits (passwords). Secret ones are stored sealed.
/// </summary>
public sealed record GeneratedValue(string Name, string? Template, int? RandomLength, bool Secret, int? MaxLength);

/// <summary>A command run beside the service: on the process runtime on this machine (with the service's binaries on PATH), on the container runtime inside its container.</summary>
/// <param name="ForEach">A path to a list (<c>params.extensions</c>): the step runs once per item, as <c>{{ item }}</c>.</param>
/// <param name="User">Run as this user (when Gantry runs as root), for tools that refuse root (initdb).</param>
public sealed record StepDefinition(
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment,
    string? Stdin,
    string? ForEach,
    string? User,
    TimeSpan Timeout);

/// <summary>The platform server that holds a type's resources: one per type and class, shared by every app using it.</summary>
public sealed record ServiceDefinition(
    int Port,
    ImmutableArray<GeneratedValue> Generated,
    ProcessServiceDefinition? Process,
    ContainerServiceDefinition? Container,
    StepDefinition? Ready);

/// <summary>How the server runs on the process runtime: the machine's own binaries.</summary>
/// <param name="Binaries">Folders (globs allowed, the newest match first) that hold the server's programs; put first on PATH.</param>
/// <param name="Package">The Debian package that provides them, named in the error when they are missing.</param>
/// <param name="User">The user the server runs as when Gantry runs as root (it owns the data folder).</param>
/// <param name="Init">Run once, on an empty data folder.</param>
public sealed record ProcessServiceDefinition(
    ImmutableArray<string> Binaries,
    string Package,
    string? User,
    ImmutableArray<StepDefinition> Init,
    ImmutableArray<string> Run,
    ImmutableDictionary<string, string> Environment);

/// <summary>How the server runs on the container runtime: an image, its data folder and its environment.</summary>
public sealed record ContainerServiceDefinition(
    string Image,
    string DataPath,
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment);

/// <summary>How one resource is backed up (the command writes the backup to stdout) and restored (it reads it from stdin).</summary>
public sealed record BackupDefinition(string Extension, StepDefinition Create, StepDefinition Restore, StepDefinition? Count);
