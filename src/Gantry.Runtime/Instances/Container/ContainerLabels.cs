namespace Gantry.Runtime.Instances.Container;

/// <summary>The labels Gantry puts on what it creates, so it can find its own containers and volumes again after a restart.</summary>
public static class ContainerLabels
{
    public const string Managed = "gantry.managed";

    /// <summary>Which Gantry (data folder) owns it: several may share one engine, and none may touch another's.</summary>
    public const string Installation = "gantry.installation";
    public const string App = "gantry.app";
    public const string Workload = "gantry.workload";
    public const string Release = "gantry.release";
    public const string Instance = "gantry.instance";
    public const string Volume = "gantry.volume";

    /// <summary>On a platform server's container and volume: the service (<c>postgres-default</c>).</summary>
    public const string Service = "gantry.service";
    public const string MemoryRequest = "gantry.requests.memory";
    public const string CpuRequest = "gantry.requests.cpu-millis";

    /// <summary>A label filter for the list APIs: <c>label=key=value</c>.</summary>
    public static IDictionary<string, IDictionary<string, bool>> Filter(string key, string value) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{key}={value}"] = true } };
}
