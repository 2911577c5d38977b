using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>'gantry tokens' against a real server: a viewer token made, used through GANTRY_TOKEN, refused a change, listed and revoked.</summary>
public sealed class TokensTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-tokens");
    private GantryProcess _gantry = null!;

    public async Task InitializeAsync() => _gantry = await GantryProcess.StartAsync(_temp.Combine("data"));

    public async Task DisposeAsync()
    {
        await _gantry.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AViewerToken_Reads_IsRefusedAChange_IsListed_AndOnceRevokedIsRefused()
    {
        var created = await _gantry.RunAsync("tokens", "create", "--name", "dashboard", "--role", "viewer", "--expires", "1d", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        using var json = JsonDocument.Parse(created.Stdout);
        var token = json.RootElement.GetProperty("token").GetString()!;
        var viewer = new Dictionary<string, string>(_gantry.Environment) { ["GANTRY_TOKEN"] = token };

        var read = await CliRunner.RunAsync(viewer, "jobs", "list");
        Assert.True(read.ExitCode == 0, read.ToString());
        var change = await CliRunner.RunAsync(viewer, "config", "set", "shop", "GREETING=hi");
        Assert.NotEqual(0, change.ExitCode);
        Assert.Contains("may not PATCH /api/v1/apps/{app}/config: that takes the admin role", change.Stdout + change.Stderr, StringComparison.Ordinal);

        var list = await _gantry.RunAsync("tokens", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("dashboard", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("viewer", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.Stdout + (await _gantry.RunAsync("tokens", "list", "--json")).Stdout, StringComparison.Ordinal);

        var revoked = await _gantry.RunAsync("tokens", "revoke", "dashboard");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var refused = await CliRunner.RunAsync(viewer, "jobs", "list");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("an expired or revoked token is refused", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadExpiry_IsRefusedNamingTheOption()
    {
        var result = await _gantry.RunAsync("tokens", "create", "--name", "x", "--expires", "soon");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--expires: 'soon' is not a duration", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
