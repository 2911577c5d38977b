using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// How a resource type is served (docs/provisioners.md): what a Score resource of this type and class may set, what it
/// gives to placeholders, what is made for each resource (a database, a user, a password), the platform server that
/// holds them on each runtime, and the commands that create, remove, back up and restore a resource. Loaded from
/// Gantry's built-in files and from DATA/provisioners; every templated string may hold <c>{{ path }}</c> templates.
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

    /// <summary>Prints the bytes one resource takes on its server (a database's size); null when the type cannot tell.</summary>
    public StepDefinition? Size { get; init; }

    /// <summary>The outputs whose values are secrets: hidden wherever they leave the server.</summary>
    public IEnumerable<string> SecretOutputs => Outputs.Where(o => o.Secret).Select(o => o.Name);
}
