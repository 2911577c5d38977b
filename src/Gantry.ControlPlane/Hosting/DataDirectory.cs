namespace Gantry.ControlPlane.Hosting;

/// <summary>
/// The layout of Gantry's data folder: the store, the admin token, sources, builds, logs, run state and the platform
/// services' data. Only Gantry's user may read it; a service's user (postgres) may pass through it to its own folder.
/// </summary>
public sealed class DataDirectory
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // Others may pass through (to DATA/services/NAME), never list or read: --x for group and others.
    private const UnixFileMode Traversable = OwnerOnlyFolder | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Database => Path.Combine(Root, "gantry.db");

    public string AdminTokenFile => Path.Combine(Root, "admin-token");

    /// <summary>The token gateways connect with (<c>gantry-gateway --token-file</c>); it opens the configuration feed only.</summary>
    public string GatewayTokenFile => Path.Combine(Root, "gateway-token");

    /// <summary>This installation's id, which labels what it creates on a shared container engine.</summary>
    public string InstallationFile => Path.Combine(Root, "installation-id");

    /// <summary>Each release's files: <c>sources/APP/N</c>.</summary>
    public string Sources => Path.Combine(Root, "sources");

    public string Builds => Path.Combine(Root, "builds");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The gateway's own state: quota counters that must survive a restart.</summary>
    public string Gateway => Path.Combine(Root, "gateway");

    public string AccessLog => Path.Combine(Logs, "access.log");

    /// <summary>The output of the gateway process <c>gantry up</c> runs (its successors append to it).</summary>
    public string GatewayLog => Path.Combine(Logs, "gateway.log");

    /// <summary>Per-client day and total counts kept by the control plane for every gateway (when the gateway is a process of its own).</summary>
    public string Quotas => Path.Combine(Root, "quotas");

    /// <summary>Gantry's own log (what <c>gantry up --verbose</c> also prints).</summary>
    public string GantryLog => Path.Combine(Logs, "gantry.log");

    /// <summary>The keys that protect console cookies and antiforgery tokens: kept so a restart signs no one out.</summary>
    public string Keys => Path.Combine(Root, "keys");

    /// <summary>Pid files of running instances, to reap orphans after a crash of Gantry itself.</summary>
    public string Run => Path.Combine(Root, "run");

    /// <summary>Clones of GitOps configuration repositories, one folder per target.</summary>
    public string GitOps(string target) => Path.Combine(GitOpsRoot, target);

    /// <summary>Where platform services live when Gantry runs as root and the data folder is closed to their users.</summary>
    public const string SystemServices = "/var/lib/gantry/services";

    private string? _services;

    /// <summary>
    /// The platform services (one server per type and class), each in a folder of its own user, who must reach it:
    /// <c>DATA/services</c> when every folder above the data folder lets other users through; otherwise (Gantry as
    /// root with its data in /root, which is 0700) <c>/var/lib/gantry/services/INSTALLATION</c>.
    /// </summary>
    public string Services => _services ??= ChooseServices();

    /// <summary>A service's own folder (<c>services/NAME</c>), which its user owns, with its <c>data</c> and <c>run</c> folders.</summary>
    public string Service(string name) => Path.Combine(Services, name);

    /// <summary>A service's data (<c>{{ service.data }}</c>).</summary>
    public string ServiceData(string name) => Path.Combine(Service(name), "data");

    /// <summary>A service's sockets, lock files and pid file (<c>{{ service.run }}</c>).</summary>
    public string ServiceRun(string name) => Path.Combine(Service(name), "run");

    /// <summary>A service's output, in Gantry's logs folder: Gantry opens it, so not in a folder the service's user can write to.</summary>
    public string ServiceLog(string name) => Path.Combine(Logs, "services", name + ".log");

    /// <summary>Backups of resources, <c>backups/KEY/…</c>, owner-only like everything at the top.</summary>
    public string Backups => Path.Combine(Root, "backups");

    private string ChooseServices()
    {
        var inside = Path.Combine(Root, "services");
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess || OthersCanPassAbove(Root))
        {
            return inside;
        }

        Directory.CreateDirectory(Root);
        return Path.Combine(SystemServices, InstallationId());
    }

    /// <summary>Whether every folder above <paramref name="folder"/> lets other users through (o+x).</summary>
    private static bool OthersCanPassAbove(string folder)
    {
        for (var parent = Directory.GetParent(folder); parent is not null; parent = parent.Parent)
        {
            if (parent.Exists && (parent.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private string GitOpsRoot => Path.Combine(Root, "gitops");

    /// <summary>What fetching apps' repositories keeps: the SSH hosts met so far (<c>known_hosts</c>) and, during a fetch, its deploy key.</summary>
    public string Git => Path.Combine(Root, "git");

    public string GitKnownHosts => Path.Combine(Git, "known_hosts");

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
        WriteOwnerOnly(temporary, id + "\n");
        File.Move(temporary, InstallationFile, overwrite: true);
        return id;
    }

    /// <summary>Writes a file only its owner may read (every file at the top of the data folder is).</summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(content);
    }

    /// <summary>
    /// Creates the folders and makes everything at the top owner-only (folders 0700, files 0600): the folder holds the
    /// admin token, the store, keys and app sources. The folder itself and <c>services</c> are 0711, so a service's
    /// user reaches its own folder without listing or reading anything else. The store is created 0600 before SQLite
    /// opens it: SQLite gives its <c>-wal</c> and <c>-shm</c> files the mode of the database file.
    /// </summary>
    public void Create()
    {
        foreach (var dir in new[] { Root, Sources, Builds, Logs, Run, Keys, Gateway, Quotas, GitOpsRoot, Services, Backups })
        {
            Directory.CreateDirectory(dir);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(Database))
        {
            CreateStore();
        }

        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue; // chmod would change what the link points to
            }

            var mode = entry switch
            {
                DirectoryInfo when entry.FullName == Services => Traversable,
                DirectoryInfo => OwnerOnlyFolder,
                _ => OwnerOnlyFile,
            };
            if (entry.UnixFileMode != mode)
            {
                entry.UnixFileMode = mode;
            }
        }

        File.SetUnixFileMode(Root, Traversable);
        if (!Services.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            // Outside the data folder: it and the folders made above it let service users through, nothing more.
            for (var folder = Services; folder != "/var/lib"; folder = Path.GetDirectoryName(folder)!)
            {
                File.SetUnixFileMode(folder, Traversable);
            }
        }
    }

    /// <summary>
    /// An empty store, 0600, in WAL mode: EF Core checks that a store exists on a read-only connection, on which the
    /// WAL pragma every connection sets cannot write the header an empty file lacks.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void CreateStore()
    {
        using (new FileStream(Database, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
        {
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
