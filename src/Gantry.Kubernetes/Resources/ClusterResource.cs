using Gantry.AppModel.Resources;
using Gantry.AppModel.Spec;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// One provisioned resource in the app's namespace: its objects' name (its <c>id</c>, else <c>WORKLOAD-NAME</c>, as a
/// DNS label), the Service's host, and how its type runs there.
/// </summary>
public sealed record ClusterResource(ResourceSpec Spec, ClusterService Service, string Name, string Namespace)
{
    // A StatefulSet's pods and revisions add suffixes to its name; Kubernetes labels stop at 63 characters.
    private const int MaxName = 52;

    public string SecretName => $"{Name}-{Service.SecretSuffix}";

    /// <summary>The Service's DNS name, the same from every namespace.</summary>
    public string Host => $"{Name}{Service.HostSuffix}.{Namespace}.svc";

    /// <summary>An identifier made from the name, for a database, a user or a virtual host.</summary>
    public string Identifier => Name.Replace('-', '_');

    public static ClusterResource Of(ResourceSpec spec, ClusterService service, string ns) => new(spec, service, NameOf(spec), ns);

    /// <summary>The fixed value of a credential; null for a password, which <see cref="GeneratedPasswords"/> makes.</summary>
    public string? FixedValue(ClusterCredential credential) => credential.Kind switch
    {
        ClusterCredentialKind.Name => Identifier,
        ClusterCredentialKind.Fixed => credential.Value,
        _ => null,
    };

    private static string NameOf(ResourceSpec spec)
    {
        var wanted = spec.Id ?? spec.Workloads[0].Replace(':', '-');
        var name = LabelNames.Fold(wanted);
        name = name.Length == 0 || !char.IsAsciiLetter(name[0]) ? $"r-{name}".TrimEnd('-') : name;

        // Changed or cut: a hash of what was asked keeps two resources apart.
        return name == wanted && name.Length <= MaxName ? name : LabelNames.WithHash(name, MaxName, spec.Key);
    }
}
