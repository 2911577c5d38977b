using System.Text;
using Gantry.Provisioners.Steps;

namespace Gantry.Provisioners.Services;

/// <summary>The end of a server's log since a start, for the error that says why it never got ready.</summary>
internal static class ServiceLogTail
{
    private const int MaxBytes = 16 * 1024;
    private const int Lines = 20;

    /// <summary>Where the log ends now: what a start writes comes after.</summary>
    public static long Length(string logFile)
    {
        try
        {
            return new FileInfo(logFile).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>"\nlast lines of LOG:\n…" with the lines written since <paramref name="from"/>; empty when there are none.</summary>
    public static string Since(string logFile, long from, IEnumerable<string> secrets)
    {
        string text;
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var start = Math.Max(from, stream.Length - MaxBytes);
            if (start >= stream.Length)
            {
                return "";
            }

            stream.Position = start;
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            text = Encoding.UTF8.GetString(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }

        var tail = OutputCapture.Mask(OutputCapture.LastLines(text, Lines), secrets);
        return tail.Length == 0 ? "" : $"\nlast lines of {logFile}:\n{tail}";
    }
}
