namespace Gantry.ControlPlane.Console.Shared;

/// <summary>How each app health reads in the console.</summary>
public static class HealthStyles
{
    public static string CssClass(string health) => health switch
    {
        "healthy" => "ok",
        "progressing" => "busy",
        "degraded" => "warn",
        "failed" => "bad",
        _ => "idle",
    };

    public static string Explain(string health) => health switch
    {
        "healthy" => "every wanted instance of the current release is ready",
        "progressing" => "a release is rolling out",
        "degraded" => "some wanted instances are not ready",
        "failed" => "the latest release failed, or nothing ready serves",
        "stopped" => "scaled to zero",
        _ => health,
    };
}
