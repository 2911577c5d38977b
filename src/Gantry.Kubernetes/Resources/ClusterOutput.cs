namespace Gantry.Kubernetes.Resources;

/// <summary>Where an output's value comes from in a cluster: the Service (host, port), the resource's Secret, or a fixed value.</summary>
/// <param name="Key">The credential key for <see cref="ClusterOutputSource.Credential"/>; the value for <see cref="ClusterOutputSource.Literal"/>.</param>
public sealed record ClusterOutput(string Name, ClusterOutputSource Source, string Key = "")
{
    public static ClusterOutput Host(string name = "host") => new(name, ClusterOutputSource.Host);

    public static ClusterOutput Port(string name = "port") => new(name, ClusterOutputSource.Port);

    public static ClusterOutput FromSecret(string name, string key) => new(name, ClusterOutputSource.Credential, key);

    public static ClusterOutput Literal(string name, string value) => new(name, ClusterOutputSource.Literal, value);
}

public enum ClusterOutputSource
{
    Host,
    Port,
    Credential,
    Literal,
}
