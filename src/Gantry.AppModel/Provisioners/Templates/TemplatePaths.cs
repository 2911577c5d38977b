namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>The paths templates may name (docs/provisioners.md); generated values and params add <c>resource.NAME</c>, <c>service.NAME</c> and <c>params.NAME</c>.</summary>
public static class TemplatePaths
{
    public const string App = "app";
    public const string ResourceKey = "resource.key";
    public const string ResourceName = "resource.name";
    public const string ResourceId = "resource.id";
    public const string ServiceHost = "service.host";
    public const string ServicePort = "service.port";
    public const string ServiceData = "service.data";
    public const string ServiceRun = "service.run";
    public const string Item = "item";

    public const string ResourcePrefix = "resource.";
    public const string ServicePrefix = "service.";
    public const string ParamsPrefix = "params.";

    /// <summary>What a resource is known by before anything is generated for it.</summary>
    public static IReadOnlyList<string> ResourceBuiltIns { get; } = [ResourceKey, ResourceName, ResourceId];

    /// <summary>What the platform gives every service: where it listens, its data folder and its runtime folder.</summary>
    public static IReadOnlyList<string> ServiceBuiltIns { get; } = [ServiceHost, ServicePort, ServiceData, ServiceRun];

    public static string Param(string name) => ParamsPrefix + name;

    public static string Resource(string name) => ResourcePrefix + name;

    public static string Service(string name) => ServicePrefix + name;
}
