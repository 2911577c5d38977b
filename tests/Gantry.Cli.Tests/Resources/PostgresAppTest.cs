using System.Net;
using System.Net.Http.Headers;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>A running Gantry whose tests deploy <see cref="PostgresNotesApp"/>s and write and read their notes.</summary>
public abstract class PostgresAppTest(string prefix) : RunningGantryTest(prefix)
{
    protected static void RequirePostgres()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            throw new InvalidOperationException("PostgreSQL is not installed: ./test.sh installs it (apt-get install postgresql)");
        }
    }

    protected async Task DeployAsync(PostgresNotesApp app, string folder)
    {
        var deploy = await Gantry.RunAsync("deploy", "-f", app.WriteTo(Temp.Combine(folder)), "--wait");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");
    }

    protected async Task WriteAsync(PostgresNotesApp app, string value)
    {
        using var response = await Gantry.GetAsync(app.Host, $"/write?v={value}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    protected async Task<string> ReadAsync(PostgresNotesApp app)
    {
        using var response = await Eventually.UntilAsync(() => Gantry.GetAsync(app.Host, "/read"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{app.Name} to answer /read");
        return (await response.Content.ReadAsStringAsync()).Trim();
    }

    /// <summary>GET on the admin API with the admin token: the answer's body.</summary>
    protected async Task<string> ApiGetAsync(string path)
    {
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gantry.AdminPort}") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "admin-token"))).Trim());
        return await api.GetStringAsync(path);
    }
}
