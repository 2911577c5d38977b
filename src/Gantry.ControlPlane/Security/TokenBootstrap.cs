using Gantry.ControlPlane.Hosting;

namespace Gantry.ControlPlane.Security;

/// <summary>
/// Makes sure the admin token and the gateway token exist: the first start creates each and writes it to the data
/// folder (mode 0600), for the CLI and for gateways; if a file is gone, a new token replaces the old one, since whoever
/// can start Gantry on this data owns it.
/// </summary>
public static class TokenBootstrap
{
    public static Task EnsureAdminAsync(DataDirectory data, ApiTokenRegistry registry, CancellationToken cancellationToken) =>
        EnsureAsync(registry, ApiTokenRegistry.AdminName, data.AdminTokenFile, cancellationToken);

    /// <summary>The token gateways open the configuration feed with (and nothing else).</summary>
    public static Task EnsureGatewayAsync(DataDirectory data, ApiTokenRegistry registry, CancellationToken cancellationToken) =>
        EnsureAsync(registry, ApiTokenRegistry.GatewayName, data.GatewayTokenFile, cancellationToken);

    private static async Task EnsureAsync(ApiTokenRegistry registry, string name, string file, CancellationToken cancellationToken)
    {
        if (File.Exists(file))
        {
            var existing = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
            if (registry.NameOf(existing) == name)
            {
                return;
            }
        }

        var token = TokenHasher.NewToken();
        await registry.RegisterAsync(name, token, cancellationToken);
        await WriteOwnerOnlyAsync(file, token + "\n", cancellationToken);
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
