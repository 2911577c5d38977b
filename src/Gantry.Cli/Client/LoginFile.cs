using System.Text.Json;

namespace Gantry.Cli.Client;

/// <summary>
/// The token <c>gantry login</c> got, for the server it signed in to: <c>login.json</c> (mode 0600) in
/// <c>GANTRY_CONFIG</c>, else <c>$XDG_CONFIG_HOME/gantry</c>, else <c>~/.config/gantry</c>.
/// </summary>
public sealed record LoginFile(string Server, string User, string Token, string TokenName, DateTimeOffset ExpiresAt)
{
    public static string Path => System.IO.Path.Combine(Directory, "login.json");

    private static string Directory =>
        Environment.GetEnvironmentVariable("GANTRY_CONFIG") is { Length: > 0 } config ? config
        : Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? System.IO.Path.Combine(xdg, "gantry")
        : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "gantry");

    /// <summary>The stored sign-in for <paramref name="server"/>; null when there is none for it (or the file cannot be read).</summary>
    public static LoginFile? For(Uri server)
    {
        try
        {
            var login = File.Exists(Path) ? JsonSerializer.Deserialize<LoginFile>(File.ReadAllText(Path), JsonSerializerOptions.Web) : null;
            return login is not null && SameServer(login.Server, server) ? login : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, this, JsonSerializerOptions.Web);
        }

        File.Move(temp, Path, overwrite: true);
    }

    public static void Delete() => File.Delete(Path);

    private static bool SameServer(string stored, Uri server) =>
        Uri.TryCreate(stored, UriKind.Absolute, out var uri) && Uri.Compare(uri, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
