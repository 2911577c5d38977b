namespace Gantry.ControlPlane.Console.Shared;

/// <summary>Times as people read them: "12 s ago", "3 min ago", "2 h ago", then the date.</summary>
public static class Durations
{
    public static string Ago(DateTimeOffset time, DateTimeOffset now)
    {
        var elapsed = now - time;
        return elapsed.TotalSeconds < 60 ? $"{Math.Max(0, (int)elapsed.TotalSeconds)} s ago"
            : elapsed.TotalMinutes < 60 ? $"{(int)elapsed.TotalMinutes} min ago"
            : elapsed.TotalHours < 48 ? $"{(int)elapsed.TotalHours} h ago"
            : time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Uptime(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is not { } start)
        {
            return "";
        }

        var up = now - start;
        return up.TotalMinutes < 1 ? $"{(int)up.TotalSeconds} s" : up.TotalHours < 1 ? $"{(int)up.TotalMinutes} min" : $"{(int)up.TotalHours} h {up.Minutes} min";
    }
}
