namespace Gantry.AppModel.Validation;

/// <summary>Builds the dotted field paths shown in errors: map keys are segments, list items are indexed.</summary>
internal static class FieldPath
{
    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
