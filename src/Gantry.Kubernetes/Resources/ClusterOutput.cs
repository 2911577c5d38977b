namespace Gantry.Kubernetes.Resources;

/// <summary>Where an output's value comes from in a cluster: the Service (host, port), the resource's Secret, or a fixed value.</summary>
/// <param name="Key">The credential key for <see cref="ClusterOutputSource.Credential"/>; the value for <see cref="ClusterOutputSource.Literal"/>.</param>
public sealed record ClusterOutput(string Name, ClusterOutputSource Source, string Key = "")
{
    public static ClusterOutput Host(string name = "host") => new(name, ClusterOutputSource.Host);

    public static ClusterOutput Port(string name = "port") => new(name, ClusterOutputSource.Port);

    public static ClusterOutput FromSecret(string name, string key) => new(name, ClusterOutputSource.Credential, key);

    public static ClusterOutput Literal(string name, string value) => new(name, ClusterOutputSource.Literal, value);

    /// <summary>Text made of other values: <c>{host}</c>, <c>{port}</c> and <c>{KEY}</c> for a key of the resource's Secret (a connection string).</summary>
    public static ClusterOutput Template(string name, string template) => new(name, ClusterOutputSource.Template, template);

    /// <summary>The pieces of a template output: text, and the names in braces.</summary>
    public IEnumerable<(string Text, string? Name)> TemplateParts()
    {
        var at = 0;
        while (Key.IndexOf('{', at) is var open and >= 0 && Key.IndexOf('}', open) is var close and > 0)
        {
            yield return (Key[at..open], null);
            yield return ("", Key[(open + 1)..close]);
            at = close + 1;
        }

        yield return (Key[at..], null);
    }
}

public enum ClusterOutputSource
{
    Host,
    Port,
    Credential,
    Literal,
    Template,
}
