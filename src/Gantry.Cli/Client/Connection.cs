namespace Gantry.Cli.Client;

/// <summary>
/// Where the server is and the token to use: <c>--server</c> or <c>GANTRY_SERVER</c>, else the admin URL a running
/// <c>gantry up</c> wrote to <c>ports.json</c> in <c>GANTRY_DATA</c> (default ~/.gantry), else http://127.0.0.1:7070;
/// the token from <c>GANTRY_TOKEN</c>, else the one <c>gantry login</c> stored for that server, else the
/// <c>admin-token</c> file in that data folder.
/// </summary>
public sealed record Connection(Uri Server, string? Token, string TokenSource)
{
    public static Uri DefaultServer { get; } = new("http://127.0.0.1:7070");

    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("GANTRY_DATA") is { Length: > 0 } data
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gantry");

    public static Connection Resolve(string? server)
    {
        var url = server ?? Environment.GetEnvironmentVariable("GANTRY_SERVER");
        var uri = !string.IsNullOrWhiteSpace(url) ? new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url)
            : ControlPlane.Hosting.BoundPorts.ReadLive(DefaultDataDirectory) is { AdminUrl: { } admin } ? new Uri(admin)
            : DefaultServer;

        if (Environment.GetEnvironmentVariable("GANTRY_TOKEN") is { Length: > 0 } token)
        {
            return new Connection(uri, token.Trim(), "GANTRY_TOKEN");
        }

        if (LoginFile.For(uri) is { } login)
        {
            return new Connection(uri, login.Token, $"{LoginFile.Path} (gantry login as {login.User})");
        }

        var file = Path.Combine(DefaultDataDirectory, "admin-token");
        return File.Exists(file)
            ? new Connection(uri, File.ReadAllText(file).Trim(), file)
            : new Connection(uri, null, $"no GANTRY_TOKEN, no 'gantry login' for {uri} and no {file}");
    }
}
