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

    /// <summary>The server's other environment, as written.</summary>
    public ImmutableDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The server's arguments (the image's entrypoint stays); <c>$(VAR)</c> reads its environment.</summary>
    public ImmutableArray<string> Args { get; init; } = [];

    /// <summary>What placeholders read, by output name: the same names as on one machine.</summary>
    public ImmutableArray<ClusterOutput> Outputs { get; init; } = [];

    /// <summary>Whether the output is a password: secret wherever it goes, as on one machine.</summary>
    public bool IsSecret(ClusterOutput output) =>
        output.Source == ClusterOutputSource.Credential && Credential(output.Key).Kind == ClusterCredentialKind.Password;

    public ClusterCredential Credential(string key) =>
        Credentials.FirstOrDefault(c => c.Key == key) ?? throw new InvalidOperationException($"{Type}: no credential '{key}'");
}
