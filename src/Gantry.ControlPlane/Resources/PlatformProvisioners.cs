using Gantry.AppModel.Provisioners;
using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// The resource types this platform provisions: Gantry's built-in definitions and the platform team's files in
/// DATA/provisioners (docs/provisioners.md), read again whenever that folder changes, so a new type needs no restart.
/// A broken file withdraws its type (its errors are logged and named when an app asks for it).
/// </summary>
public sealed partial class PlatformProvisioners(DataDirectory data, ILogger<PlatformProvisioners> logger)
{
    private readonly Lock _lock = new();
    private string? _stamp;
    private ProvisionerCatalog _catalog = ProvisionerCatalog.Empty;

    public string Folder => Path.Combine(data.Root, "provisioners");

    public ProvisionerCatalog Catalog
    {
        get
        {
            var stamp = Stamp();
            lock (_lock)
            {
                if (stamp != _stamp)
                {
                    var platform = ProvisionerFiles.Load(Folder);
                    foreach (var error in platform.Errors)
                    {
                        LogDefinitionError(logger, error.ToString());
                    }

                    _catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);
                    _stamp = stamp;
                }

                return _catalog;
            }
        }
    }

    /// <summary>What the folder holds now: names, sizes and times of its definition files.</summary>
    private string Stamp()
    {
        if (!Directory.Exists(Folder))
        {
            return "";
        }

        return string.Join('|', new DirectoryInfo(Folder).EnumerateFiles()
            .Where(f => f.Extension is ".yaml" or ".yml")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Provisioner definition refused: {Error}")]
    private static partial void LogDefinitionError(ILogger logger, string error);
}
