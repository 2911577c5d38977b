namespace Gantry.ControlPlane.Hosting;

/// <summary>The layout of Gantry's data folder: the store, the admin token, sources, builds, logs and run state.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Database => Path.Combine(Root, "gantry.db");

    public string AdminTokenFile => Path.Combine(Root, "admin-token");

    /// <summary>Each release's files: <c>sources/APP/N</c>.</summary>
    public string Sources => Path.Combine(Root, "sources");

    public string Builds => Path.Combine(Root, "builds");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>Pid files of running instances, to reap orphans after a crash of Gantry itself.</summary>
    public string Run => Path.Combine(Root, "run");

    public string ReleaseSources(string app, int release) => Path.Combine(Sources, app, release.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string BuildLog(string app, int release) => Path.Combine(Builds, "logs", $"{app}-{release}.log");

    /// <summary>Creates the folders, readable by the owner only: the folder holds the admin token and app sources.</summary>
    public void Create()
    {
        foreach (var dir in new[] { Root, Sources, Builds, Logs, Run })
        {
            Directory.CreateDirectory(dir);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
