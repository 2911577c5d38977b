using System.Collections.Immutable;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// How a provisioned resource type runs in a cluster: one StatefulSet per resource with the type's official image, a
/// headless Service, a claim for its data and a Secret with its credentials. Adding a type is one more instance in
/// <see cref="ClusterServices"/>; its outputs must be the ones the type has on one machine.
/// </summary>
/// <param name="DataPath">Where the image keeps its data: the claim is mounted there.</param>
public sealed record ClusterService(string Type, string Image, int Port, string DataPath)
{
    /// <summary>What the resource's Secret holds, made once per resource.</summary>
    public ImmutableArray<ClusterCredential> Credentials { get; init; } = [];

    /// <summary>The server's environment read from the Secret: variable name to credential key.</summary>
    public ImmutableDictionary<string, string> SecretEnv { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The server's other environment, as written but for <c>{host}</c>: the resource's Service name (what a server advertises).</summary>
    public ImmutableDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The server's arguments (the image's entrypoint stays); <c>$(VAR)</c> reads its environment.</summary>
    public ImmutableArray<string> Args { get; init; } = [];

    /// <summary>What placeholders read, by output name: the same names as on one machine.</summary>
    public ImmutableArray<ClusterOutput> Outputs { get; init; } = [];

    /// <summary>The group that owns the claim's files: set for images whose server runs as a user other than root, which could not write a fresh claim's root.</summary>
    public long? FsGroup { get; init; }

    /// <summary>A command run in the server's container once it has started (making the resource's database where the image does not); empty: none.</summary>
    public ImmutableArray<string> PostStart { get; init; } = [];

    /// <summary>The operator whose custom resource runs the server (<see cref="ClusterServices.CloudNativePg"/>…); null: Gantry's own StatefulSet.</summary>
    public string? Operator { get; init; }

    /// <summary>What follows the resource's name in its Service's: an operator names the Service apps should use (<c>-rw</c>).</summary>
    public string HostSuffix { get; init; } = "";

    /// <summary>What follows the resource's name in its Secret's; an operator may make the Secret itself.</summary>
    public string SecretSuffix { get; init; } = "credentials";

    /// <summary>False: the operator makes the Secret (with these keys), so Gantry renders none.</summary>
    public bool RendersSecret { get; init; } = true;

    /// <summary>Whether the output is a password or holds one: secret wherever it goes, as on one machine.</summary>
    public bool IsSecret(ClusterOutput output) => output.Source switch
    {
        ClusterOutputSource.Credential => Credential(output.Key).Kind == ClusterCredentialKind.Password,
        ClusterOutputSource.Template => output.TemplateParts().Any(p => p.Name is { } name && Credentials.Any(c => c.Key == name && c.Kind == ClusterCredentialKind.Password)),
        _ => false,
    };

    public ClusterCredential Credential(string key) =>
        Credentials.FirstOrDefault(c => c.Key == key) ?? throw new InvalidOperationException($"{Type}: no credential '{key}'");
}
