namespace Gantry.AppModel.Spec;

/// <summary>
/// Which variables hold secrets, by name: Score has no secret marker for plain variables, so names that say
/// password, secret, token, key or credential count as secret wherever values leave Gantry (a Kubernetes Secret
/// instead of a ConfigMap, hidden in output).
/// </summary>
public static class SecretNames
{
    private static readonly string[] Words = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "CREDENTIAL", "PRIVATE", "API_KEY", "APIKEY", "ACCESS_KEY", "_KEY", "DSN", "CONNECTION_STRING"];

    /// <summary>A container's variable is secret by its name, or because a provisioned resource's secret output went into it.</summary>
    public static bool IsSecret(ContainerSpec container, string variable) =>
        IsSecret(variable) || container.SecretVariables.Contains(variable);

    public static bool IsSecret(string variable)
    {
        var upper = variable.ToUpperInvariant().Replace('-', '_').Replace('.', '_');
        return Words.Any(w => upper.Contains(w, StringComparison.Ordinal)) || upper.EndsWith("KEY", StringComparison.Ordinal);
    }
}
