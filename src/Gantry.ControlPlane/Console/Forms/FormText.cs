namespace Gantry.ControlPlane.Console.Forms;

/// <summary>What a console form's text field means to a request.</summary>
public static class FormText
{
    /// <summary>The trimmed text, or null for a field left empty: a request then leaves it out, as the CLI leaves out a flag not given.</summary>
    public static string? Given(string? value) => value?.Trim() is { Length: > 0 } given ? given : null;
}
