using System.Globalization;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;

namespace Gantry.Cli.Output;

/// <summary><c>gantry up</c>'s progress lines: every app event as it happens, <c>12:00:01 hello #1 instance hello-web-1 is ready</c>.</summary>
public sealed class EventProgressPrinter : IAppEventObserver
{
    public void Written(EventRecord appEvent)
    {
        var release = appEvent.Release is { } number ? $" #{number.ToString(CultureInfo.InvariantCulture)}" : "";
        var color = appEvent.Kind.EndsWith(".failed", StringComparison.Ordinal) || appEvent.Kind == "instance.crashed" ? "red"
            : appEvent.Kind.EndsWith(".succeeded", StringComparison.Ordinal) ? "green"
            : "default";
        var time = appEvent.Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        Printer.Line($"[grey]{time}[/] [bold]{Printer.Escape(appEvent.App)}[/]{release} [{color}]{Printer.Escape(appEvent.Message)}[/]");
    }
}
