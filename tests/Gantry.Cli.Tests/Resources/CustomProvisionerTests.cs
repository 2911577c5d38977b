using System.Text.Json;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// A platform team's own type: a definition dropped into DATA/provisioners of a running Gantry is served at once (no
/// restart) to an app that asks for it, with its own server; before the file is there, the type is refused at its line.
/// </summary>
public sealed class CustomProvisionerTests() : ResourceTest("gantry-custom-type")
{
    [Fact]
    public async Task ADefinitionDroppedIntoTheDataFolder_AddsATypeThatAnAppThenUses()
    {
        RequirePostgres();
        var app = new NotesApp(NotesStore.Postgres, "ledger", Type: "ledger-db");
        var entry = app.WriteTo(Temp.Combine("ledger"));
        var refused = await Gantry.RunAsync("deploy", "-f", entry, "--wait");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("score.yaml:", refused.Stderr);
        Assert.Contains("resource type 'ledger-db' has no provisioner on this platform", refused.Stderr);

        var folder = Directory.CreateDirectory(Path.Combine(Gantry.DataDirectory, "provisioners")).FullName;
        var definition = PostgresBackupTests.BuiltInPostgres().Replace("type: postgres\n", "type: ledger-db\n", StringComparison.Ordinal)
            .Replace("description: A database and a user of its own on a shared PostgreSQL server", "description: The finance team's ledgers", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "ledger-db.yaml"), definition);

        await DeployAsync(app, "ledger");
        await WriteAsync(app, "credit");
        Assert.Equal("credit", await ReadAsync(app));

        var ledger = JsonDocument.Parse(await ApiGetAsync("api/v1/provisioners")).RootElement.EnumerateArray().Single(t => t.GetProperty("type").GetString() == "ledger-db");
        Assert.Equal("The finance team's ledgers", ledger.GetProperty("description").GetString());
        var services = await Gantry.RunAsync("services", "list", "--json");
        var server = JsonDocument.Parse(services.Stdout).RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "ledger-db-default");
        Assert.Equal("running", server.GetProperty("state").GetString());
        Assert.Equal(["ledger"], server.GetProperty("apps").EnumerateArray().Select(a => a.GetString()));
    }
}
