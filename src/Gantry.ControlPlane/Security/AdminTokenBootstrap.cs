using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Security;

/// <summary>
/// Makes sure an admin token exists: the first start creates one and writes it to the data folder (mode 0600) for the CLI;
/// if that file is gone, a new token replaces the old one, since whoever can start Gantry on this data owns it.
/// </summary>
public static class AdminTokenBootstrap
{
    public const string TokenName = "admin";

    public static async Task EnsureAsync(DataDirectory data, ApiTokenRegistry registry, CancellationToken cancellationToken)
    {
        if (File.Exists(data.AdminTokenFile))
        {
            var existing = (await File.ReadAllTextAsync(data.AdminTokenFile, cancellationToken)).Trim();
            if (registry.Authenticate(existing) == TokenName)
            {
                return;
            }
        }

        var token = TokenHasher.NewToken();
        await registry.RegisterAsync(TokenName, token, cancellationToken);
        await WriteOwnerOnlyAsync(data.AdminTokenFile, token + "\n", cancellationToken);
    }

    private static async Task WriteOwnerOnlyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
