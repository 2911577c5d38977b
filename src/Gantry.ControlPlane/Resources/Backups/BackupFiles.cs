using System.Security.Cryptography;
using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>Where backups are kept (<c>DATA/backups/KEY/TIME.EXT</c>, owner-only) and how their files are checked.</summary>
public sealed class BackupFiles(DataDirectory data)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The path of a new backup's file, relative to the backups folder.</summary>
    public static string NameFor(string key, DateTimeOffset startedAt, string extension) =>
        $"{Safe(key)}/{startedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}.{extension}";

    public string PathOf(string relative) => Path.Combine(data.Backups, relative);

    /// <summary>Creates the file's folder (owner-only) and opens a partial file beside where it will end up.</summary>
    public FileStream CreatePartial(string relative)
    {
        var path = PathOf(relative);
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Partial(path), options);
    }

    /// <summary>Moves the finished partial file into place; returns its size and SHA-256.</summary>
    public async Task<(long Size, string Sha256)> CompleteAsync(string relative, CancellationToken cancellationToken)
    {
        var path = PathOf(relative);
        File.Move(Partial(path), path, overwrite: true);
        return (new FileInfo(path).Length, await HashAsync(path, cancellationToken));
    }

    /// <summary>Removes what a failed backup left; nothing when it failed before its folder was made.</summary>
    public void DeletePartial(string relative) => DeleteIfThere(Partial(PathOf(relative)));

    /// <summary>Opens a backup's file for reading once it is there with the size and checksum recorded when it was made.</summary>
    public async Task<FileStream> OpenCheckedAsync(string relative, long? size, string? sha256, long id, CancellationToken cancellationToken)
    {
        var path = PathOf(relative);
        if (!File.Exists(path))
        {
            throw new ResourceException($"backup {id}: its file {path} is missing");
        }

        if (new FileInfo(path).Length != size || await HashAsync(path, cancellationToken) != sha256)
        {
            throw new ResourceException($"backup {id}: its file {path} is not the one recorded (size or SHA-256 differ); it was changed or damaged, and is not used");
        }

        return File.OpenRead(path);
    }

    public void Delete(string relative) => DeleteIfThere(PathOf(relative));

    private static void DeleteIfThere(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string Partial(string path) => path + ".partial";

    private static string Safe(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
