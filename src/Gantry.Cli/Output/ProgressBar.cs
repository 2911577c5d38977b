namespace Gantry.Cli.Output;

/// <summary>
/// A text progress bar for work the server reports (image pulls). Printed as lines rather than redrawn in place, so
/// that piped output and CI logs show it too; a new line only when the bar moves by a tenth.
/// </summary>
public sealed class ProgressBar
{
    private const int Width = 20;
    private string? _lastLine;

    /// <summary>The line to print for this update, or null when it would repeat the last one.</summary>
    public string? Next(string text, double? fraction)
    {
        var line = fraction is { } f ? $"{Bar(f)} {text}" : text;
        var key = fraction is { } g ? $"{text.Split(':')[0]}|{(int)(g * 10)}" : text;
        if (key == _lastLine)
        {
            return null;
        }

        _lastLine = key;
        return line;
    }

    private static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * Width);
        return "[" + new string('#', filled) + new string('.', Width - filled) + "]";
    }
}
