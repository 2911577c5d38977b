namespace Gantry.AppModel.Resources;

/// <summary>The resource types Gantry provisions today and the outputs each one offers to placeholders.</summary>
internal static class ResourceTypes
{
    public const string Route = "route";
    public const string Dns = "dns";

    public static IReadOnlyList<string> Supported { get; } = [Route, Dns];

    public static bool IsSupported(string? type) => type is Route or Dns;

    public static IReadOnlyList<string> OutputsOf(string type) => type == Dns ? ["host"] : [];
}
