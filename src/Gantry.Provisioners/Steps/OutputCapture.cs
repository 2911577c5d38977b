using System.Text;

namespace Gantry.Provisioners.Steps;

/// <summary>Reads a command's output to its end, keeping only its start or its end, so a chatty command cannot fill memory.</summary>
internal static class OutputCapture
{
    public const int StdoutLimit = 1024 * 1024;
    public const int StderrLimit = 64 * 1024;

    /// <summary>The first <paramref name="limit"/> characters (the rest is read and dropped, so the writer never blocks).</summary>
    public static async Task<string> HeadAsync(StreamReader reader, int limit)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await ReadAsync(reader, buffer)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(read, Math.Max(0, limit - kept.Length)));
        }

        return kept.ToString();
    }

    /// <summary>The last <paramref name="limit"/> characters: where an error message is.</summary>
    public static async Task<string> TailAsync(StreamReader reader, int limit)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await ReadAsync(reader, buffer)) > 0)
        {
            kept.Append(buffer, 0, read);
            if (kept.Length > 2 * limit)
            {
                kept.Remove(0, kept.Length - limit);
            }
        }

        return kept.Length > limit ? kept.ToString(kept.Length - limit, limit) : kept.ToString();
    }

    /// <summary>The last <paramref name="count"/> non-empty lines of <paramref name="text"/>.</summary>
    public static string LastLines(string text, int count) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(count));

    /// <summary><paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public static string Mask(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }

    private static async Task<int> ReadAsync(StreamReader reader, char[] buffer)
    {
        try
        {
            return await reader.ReadAsync(buffer.AsMemory());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return 0; // the pipe was closed under us
        }
    }
}
