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

    /// <summary>
    /// The token gateways open the configuration feed with (and nothing else). A token in the file that the store does
    /// not know yet is registered (<see cref="WriteGatewayFileAsync"/> writes it before the store opens).
    /// </summary>
    public static Task EnsureGatewayAsync(DataDirectory data, ApiTokenRegistry registry, CancellationToken cancellationToken) =>
        EnsureAsync(registry, ApiTokenRegistry.GatewayName, data.GatewayTokenFile, cancellationToken, keepFileToken: true);

    /// <summary>Writes a new gateway token file unless there is one: the gateway process is started before the store opens.</summary>
    public static async Task WriteGatewayFileAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        if (await ReadAsync(data.GatewayTokenFile, cancellationToken) is null)
        {
            await WriteOwnerOnlyAsync(data.GatewayTokenFile, TokenHasher.NewToken() + "\n", cancellationToken);
        }
    }

    private static async Task EnsureAsync(ApiTokenRegistry registry, string name, string file, CancellationToken cancellationToken, bool keepFileToken = false)
    {
        if (await ReadAsync(file, cancellationToken) is { } existing)
        {
            var known = registry.NameOf(existing);
            if (known == name)
            {
                return;
            }

            if (keepFileToken && known is null)
            {
                await registry.RegisterAsync(name, existing, cancellationToken);
                return;
            }
        }

        var token = TokenHasher.NewToken();
        await registry.RegisterAsync(name, token, cancellationToken);
        await WriteOwnerOnlyAsync(file, token + "\n", cancellationToken);
    }

    private static async Task<string?> ReadAsync(string file, CancellationToken cancellationToken) =>
        File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() is { Length: > 0 } token ? token : null;

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
