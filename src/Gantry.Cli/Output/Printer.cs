using System.Text.Json;
using Spectre.Console;

namespace Gantry.Cli.Output;

/// <summary>Writes results as tables and lines for people, or JSON for scripts; errors always go to stderr.</summary>
public static class Printer
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static IAnsiConsole Out { get; set; } = CreateConsole();

    public static TextWriter Error { get; set; } = Console.Error;

    public static void Json<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Indented));

    private static readonly Lock LineLock = new();

    /// <summary>One line of markup; whole lines even when several threads print (gantry up's progress and banner).</summary>
    public static void Line(string markup)
    {
        lock (LineLock)
        {
            Out.MarkupLine(markup);
        }
    }

    public static void Text(string text) => Out.WriteLine(text);

    public static void Fail(string message) => Error.WriteLine($"error: {message}");

    public static string Escape(string? text) => Markup.Escape(text ?? "");

    public static string HealthMarkup(string health) => health switch
    {
        "healthy" => "[green]healthy[/]",
        "progressing" => "[blue]progressing[/]",
        "degraded" => "[yellow]degraded[/]",
        "failed" => "[red]failed[/]",
        _ => Escape(health),
    };

    public static string StatusMarkup(string status) => status switch
    {
        "Succeeded" => "[green]Succeeded[/]",
        "Failed" => "[red]Failed[/]",
        "RollingOut" or "Building" or "Pending" or "InProgress" => $"[blue]{status}[/]",
        "RolledBack" => "[yellow]RolledBack[/]",
        _ => Escape(status),
    };

    /// <summary>A console that does not wrap tables at 80 columns when the output goes to a pipe or a file.</summary>
    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    public static string Ago(DateTimeOffset time)
    {
        var age = DateTimeOffset.UtcNow - time;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, age.TotalSeconds):0}s ago"
            : age.TotalMinutes < 60 ? $"{age.TotalMinutes:0}m ago"
            : age.TotalHours < 48 ? $"{age.TotalHours:0}h ago"
            : $"{age.TotalDays:0}d ago";
    }
}
