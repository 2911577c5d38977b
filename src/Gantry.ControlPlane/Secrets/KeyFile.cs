using System.Security.Cryptography;
using System.Text;

namespace Gantry.ControlPlane.Secrets;

/// <summary>
/// A 32-byte key of this installation in DATA/keys, made on first use and readable by Gantry's user only: an HMAC key
/// that must stay the same across restarts (fingerprints, the passwords rendered for clusters).
/// </summary>
internal static class KeyFile
{
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path) && Convert.FromHexString(File.ReadAllText(path).Trim()) is { Length: 32 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(key) + "\n"));
        }

        File.Move(temporary, path, overwrite: true);
        return key;
    }
}
