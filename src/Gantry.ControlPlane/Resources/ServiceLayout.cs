using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Resources;

/// <summary>Where a platform service lives on this machine: DATA/services/NAME with its data and run folders, and its log.</summary>
public sealed record ServiceLayout(string Name, string Home, string Data, string Run, string Log)
{
    public const string Host = "127.0.0.1";

    public static ServiceLayout Of(DataDirectory data, string name) =>
        new(name, data.Service(name), data.ServiceData(name), data.ServiceRun(name), data.ServiceLog(name));

    public static string NameOf(string type, string @class) => $"{type}-{@class}";
}
