namespace Gantry.Kubernetes.Resources;

/// <summary>A value in a resource's Secret: a generated password, a name made from the resource's, or a fixed value.</summary>
public sealed record ClusterCredential(string Key, ClusterCredentialKind Kind, string Value = "")
{
    /// <summary>Text after a generated password: what a server's password rules want that letters and digits may lack.</summary>
    public string Suffix { get; init; } = "";

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
