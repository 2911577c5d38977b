namespace Gantry.ControlPlane.Security.Access;

/// <summary>What names of tokens, users and teams may be (each field's error names the field).</summary>
public static class AccessNames
{
    public const int MaxLength = 63;

    /// <summary>Gantry's own tokens' names and its own name in the audit log: no user may take them.</summary>
    public static readonly string[] Reserved = [ApiTokenRegistry.AdminName, ApiTokenRegistry.GatewayName, "gantry", "unknown"];

    /// <summary>Tokens and users: lower-case letters, digits, '-', '_' or '.'.</summary>
    public static string? Problem(string field, string? name) =>
        name is not { Length: > 0 } ? $"{field}: give a name"
        : name.Length > MaxLength || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
            ? $"{field}: '{name}' must be 1 to {MaxLength} lower-case letters, digits, '-', '_' or '.'"
        : Reserved.Contains(name) ? $"{field}: '{name}' is Gantry's own; choose another name"
        : null;

    /// <summary>Teams name Kubernetes objects (a team's ServiceAccount), so a team's name is a DNS label.</summary>
    public static string? TeamProblem(string field, string? name) =>
        name is not { Length: > 0 } ? $"{field}: give a team name"
        : name.Length > 40 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name[0] == '-' || name[^1] == '-'
            ? $"{field}: '{name}' must be 1 to 40 lower-case letters, digits or '-', starting and ending with a letter or digit"
        : null;
}
