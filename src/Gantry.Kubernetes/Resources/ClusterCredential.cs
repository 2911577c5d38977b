namespace Gantry.Kubernetes.Resources;

/// <summary>A value in a resource's Secret: a generated password, a name made from the resource's, or a fixed value.</summary>
public sealed record ClusterCredential(string Key, ClusterCredentialKind Kind, string Value = "")
{
    public static ClusterCredential Password(string key) => new(key, ClusterCredentialKind.Password);

    /// <summary>An identifier made from the resource's name (<c>api_db</c>): a database, a user, a virtual host.</summary>
    public static ClusterCredential Name(string key) => new(key, ClusterCredentialKind.Name);
}

public enum ClusterCredentialKind
{
    Password,
    Name,
    Fixed,
}
