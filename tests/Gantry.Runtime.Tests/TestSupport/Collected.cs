namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>Collects reported lines as they come, on the reporting thread (unlike <c>Progress&lt;T&gt;</c>, which posts them later).</summary>
internal sealed class Collected : IProgress<string>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Report(string value)
    {
        lock (_lines)
        {
            _lines.Add(value);
        }
    }
}
