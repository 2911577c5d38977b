using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Testing;

/// <summary>
/// Makes an image from this machine's own files: binaries with their <c>ldd</c> closure, whole folders, users and
/// written files, as a tar imported through the Docker API with the image's config (Env, Entrypoint, Cmd…).
/// </summary>
internal sealed class RootfsBuilder
{
    // What every stand-in has: the definitions' commands and the entrypoints are bash scripts over these tools,
    // and setpriv drops root for the server (the official images use gosu).
    private static readonly string[] CommonTools =
    [
        "/usr/bin/bash", "/usr/bin/cat", "/usr/bin/cut", "/usr/bin/tr", "/usr/bin/head", "/usr/bin/tail", "/usr/bin/sha256sum",
        "/usr/bin/id", "/usr/bin/chown", "/usr/bin/chmod", "/usr/bin/mkdir", "/usr/bin/rm", "/usr/bin/ls", "/usr/bin/stat",
        "/usr/bin/env", "/usr/bin/sleep", "/usr/bin/dirname", "/usr/bin/basename", "/usr/bin/readlink", "/usr/bin/grep",
        "/usr/bin/sed", "/usr/bin/find", "/usr/bin/mktemp", "/usr/bin/setpriv",
    ];

    public const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _elf = new(StringComparer.Ordinal);
    private readonly List<string> _passwd = ["root:x:0:0:root:/root:/bin/bash"];
    private readonly List<string> _group = ["root:x:0:"];

    public RootfsBuilder()
    {
        // Debian's merged /usr: the loader and the libraries are named through /lib and /lib64.
        foreach (var top in new[] { "bin", "sbin", "lib", "lib64" })
        {
            Link("/" + top, "usr/" + top);
        }

        Directory("/tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
        Directory("/root", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Link("/usr/bin/sh", "bash");
        Link("/var/run", "../run");
        File("/etc/nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n");
        Host("/lib64/ld-linux-x86-64.so.2");
        Binaries(CommonTools);
    }

    /// <summary>Executables or libraries, with every library they load.</summary>
    public RootfsBuilder Binaries(params IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            Host(path);
        }

        return this;
    }

    /// <summary>Executables of one folder, by name.</summary>
    public RootfsBuilder BinariesIn(string folder, params IEnumerable<string> names) => Binaries(names.Select(name => Path.Combine(folder, name)));

    /// <summary>A host folder and everything under it (that <paramref name="include"/> takes); its executables and libraries bring their own libraries.</summary>
    public RootfsBuilder Tree(string hostFolder, Func<string, bool>? include = null)
    {
        AddDirectory(Canonical(hostFolder), null);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(hostFolder, "*", options).Where(include ?? (_ => true)))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory))
            {
                AddDirectory(Canonical(path), null);
            }
            else
            {
                Host(path);
            }
        }

        return this;
    }

    /// <summary>A user and its group in <c>/etc/passwd</c> and <c>/etc/group</c>, with the ids this machine gives it.</summary>
    public RootfsBuilder User(string name, string home, out int uid, out int gid)
    {
        var fields = System.IO.File.ReadLines("/etc/passwd").Select(line => line.Split(':')).FirstOrDefault(f => f[0] == name)
            ?? throw new InvalidOperationException($"The stand-in image runs its server as '{name}', a user this machine lacks (install the server's Debian package).");
        (uid, gid) = (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        _passwd.Add($"{name}:x:{uid}:{gid}::{home}:/usr/sbin/nologin");
        _group.Add($"{name}:x:{gid}:");
        return this;
    }

    public RootfsBuilder File(string path, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        _entries[Relative(path)] = new Entry(null, null, Encoding.UTF8.GetBytes(content), mode, 0, 0);
        return this;
    }

    public RootfsBuilder Script(string path, string content) =>
        File(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    public RootfsBuilder Directory(string path, UnixFileMode mode, int uid = 0, int gid = 0)
    {
        _entries[Relative(path)] = new Entry(null, null, null, mode, uid, gid, IsDirectory: true);
        return this;
    }

    public RootfsBuilder Link(string path, string target)
    {
        _entries[Relative(path)] = new Entry(null, target, null, default, 0, 0);
        return this;
    }

    /// <summary>Writes the tar, imports it with <paramref name="changes"/> (Dockerfile instructions) and names it <paramref name="image"/>.</summary>
    public async Task ImportAsync(DockerClient client, string image, IList<string> changes)
    {
        AddLibraries();
        File("/etc/passwd", string.Join('\n', _passwd) + "\n");
        File("/etc/group", string.Join('\n', _group) + "\n");

        var tarPath = Path.Combine(Path.GetTempPath(), $"gantry-image-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var file = System.IO.File.Create(tarPath))
            {
                await WriteTarAsync(file);
            }

            var colon = image.LastIndexOf(':');
            var (repository, tag) = (image[..colon], image[(colon + 1)..]);
            var messages = new List<JSONMessage>();
            await using (var tar = System.IO.File.OpenRead(tarPath))
            {
                await client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag, Changes = changes }, tar, null, new SyncProgress<JSONMessage>(messages.Add));
            }

            if (messages.FirstOrDefault(m => m.Error is not null || !string.IsNullOrEmpty(m.ErrorMessage)) is { } failed)
            {
                throw new InvalidOperationException($"Importing {image} failed: {failed.ErrorMessage ?? failed.Error?.Message}");
            }

            // Podman 4.3's import names the image REPOSITORY:latest whatever the tag: name it by the id it reports,
            // then take the stray name away (another test process may be importing the same image meanwhile).
            var imported = messages.Select(m => m.ID).LastOrDefault(id => id?.StartsWith("sha256:", StringComparison.Ordinal) == true) ?? $"{repository}:latest";
            await client.Images.TagImageAsync(imported, new ImageTagParameters { RepositoryName = repository, Tag = tag });
            if (tag != "latest")
            {
                try
                {
                    await client.Images.DeleteImageAsync($"{repository}:latest", new ImageDeleteParameters { NoPrune = true });
                }
                catch (DockerImageNotFoundException)
                {
                }
            }
        }
        finally
        {
            System.IO.File.Delete(tarPath);
        }
    }

    private async Task WriteTarAsync(Stream stream)
    {
        await using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (name, entry) in _entries)
        {
            if (entry.HostPath is { } host)
            {
                await writer.WriteEntryAsync(host, name);
                continue;
            }

            PaxTarEntry tarEntry = entry switch
            {
                { LinkTarget: { } target } => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target },
                { IsDirectory: true } => new PaxTarEntry(TarEntryType.Directory, name + "/"),
                _ => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(entry.Content!) },
            };
            if (entry.LinkTarget is null)
            {
                tarEntry.Mode = entry.Mode;
                tarEntry.Uid = entry.Uid;
                tarEntry.Gid = entry.Gid;
            }

            await writer.WriteEntryAsync(tarEntry);
        }
    }

    /// <summary>Adds a host path as it is: a link (and what it points to), a folder's entry, or a file.</summary>
    private void Host(string path)
    {
        var canonical = Canonical(path);
        var name = Relative(canonical);
        if (_entries.ContainsKey(name))
        {
            return;
        }

        var info = new FileInfo(canonical);
        if (info.LinkTarget is { } target)
        {
            _entries[name] = new Entry(canonical, null, null, default, 0, 0);
            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(canonical)!);
            if (System.IO.File.Exists(resolved))
            {
                Host(resolved);
            }

            return;
        }

        if (!info.Exists)
        {
            throw new FileNotFoundException($"The stand-in image needs {path}, which this machine does not have (install its Debian package).", path);
        }

        _entries[name] = new Entry(canonical, null, null, default, 0, 0);
        if (IsElf(canonical))
        {
            _elf.Add(canonical);
        }
    }

    private void AddDirectory(string canonical, UnixFileMode? mode)
    {
        var name = Relative(canonical);
        if (!_entries.ContainsKey(name))
        {
            _entries[name] = new Entry(null, null, null, mode ?? System.IO.File.GetUnixFileMode(canonical), 0, 0, IsDirectory: true);
        }
    }

    /// <summary>The libraries every collected executable and library loads, by <c>ldd</c> (which lists the whole closure).</summary>
    private void AddLibraries()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (_elf.Except(done).ToList() is { Count: > 0 } pending)
        {
            foreach (var chunk in pending.Chunk(200))
            {
                done.UnionWith(chunk);
                foreach (var library in Ldd(chunk))
                {
                    Host(library);
                }
            }
        }
    }

    private static List<string> Ldd(IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        var libraries = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var arrow = line.IndexOf("=> ", StringComparison.Ordinal);
            if (arrow < 0)
            {
                continue;
            }

            var rest = line[(arrow + 3)..];
            if (rest.StartsWith("not found", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ldd: a library is missing on this machine: {line.Trim()}");
            }

            var paren = rest.IndexOf(" (", StringComparison.Ordinal);
            if (rest.StartsWith('/'))
            {
                libraries.Add(paren < 0 ? rest.Trim() : rest[..paren]);
            }
        }

        return libraries;
    }

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = System.IO.File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }

    /// <summary>The path with every folder link resolved (the file itself may stay a link): /lib/x becomes /usr/lib/x.</summary>
    private static string Canonical(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var resolved = "/";
        foreach (var part in parent.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            var link = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true);
            resolved = link?.FullName ?? next;
        }

        return Path.Combine(resolved, Path.GetFileName(path));
    }

    private static string Relative(string path) => path.TrimStart('/');

    private sealed record Entry(string? HostPath, string? LinkTarget, byte[]? Content, UnixFileMode Mode, int Uid, int Gid, bool IsDirectory = false);

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
