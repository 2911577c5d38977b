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

    /// <summary>This installation's id, which labels what it creates on a shared container engine.</summary>
    public string InstallationFile => Path.Combine(Root, "installation-id");

    /// <summary>Each release's files: <c>sources/APP/N</c>.</summary>
    public string Sources => Path.Combine(Root, "sources");

    public string Builds => Path.Combine(Root, "builds");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The gateway's own state: quota counters that must survive a restart.</summary>
    public string Gateway => Path.Combine(Root, "gateway");

    public string AccessLog => Path.Combine(Logs, "access.log");

    /// <summary>Gantry's own log (what <c>gantry up --verbose</c> also prints).</summary>
    public string GantryLog => Path.Combine(Logs, "gantry.log");

    /// <summary>The keys that protect console cookies and antiforgery tokens: kept so a restart signs no one out.</summary>
    public string Keys => Path.Combine(Root, "keys");

    /// <summary>Pid files of running instances, to reap orphans after a crash of Gantry itself.</summary>
    public string Run => Path.Combine(Root, "run");

    /// <summary>Clones of GitOps configuration repositories, one folder per target.</summary>
    public string GitOps(string target) => Path.Combine(Root, "gitops", target);

    public string ReleaseSources(string app, int release) => Path.Combine(Sources, app, release.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string BuildLog(string app, int release) => Path.Combine(Builds, "logs", $"{app}-{release}.log");

    /// <summary>The installation's id: made on the first start (8 hex digits), the same ever after.</summary>
    public string InstallationId()
    {
        if (File.Exists(InstallationFile) && File.ReadAllText(InstallationFile).Trim() is { Length: 8 } existing && existing.All(char.IsAsciiHexDigitLower))
        {
            return existing;
        }

        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var temporary = InstallationFile + ".tmp";
        File.WriteAllText(temporary, id + "\n");
        File.Move(temporary, InstallationFile, overwrite: true);
        return id;
    }

    /// <summary>Creates the folders, readable by the owner only: the folder holds the admin token and app sources.</summary>
    public void Create()
    {
        foreach (var dir in new[] { Root, Sources, Builds, Logs, Run, Keys })
        {
            Directory.CreateDirectory(dir);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
