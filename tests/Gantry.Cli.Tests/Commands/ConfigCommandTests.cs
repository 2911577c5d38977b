using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Tests.Commands;

/// <summary><c>gantry config</c>: settings set for an app or the platform, listed without their values unless revealed.</summary>
public sealed class ConfigCommandTests() : RunningGantryTest("gantry-config")
{
    private const string Secret = "k=with=equals and spaces 7c1d";

    [Fact]
    public async Task Set_List_Reveal_Unset_ShowTheValueOnlyWhenRevealed_AndNeverInTheLog()
    {
        var set = await Gantry.RunAsync("config", "set", "shop", $"API_KEY={Secret}", "LOG_LEVEL=debug");
        var platform = await Gantry.RunAsync("config", "set", "--platform", "REGION=eu-west");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("set API_KEY, LOG_LEVEL for shop", set.Stdout, StringComparison.Ordinal);
        Assert.Contains("shop sees the change with its next deploy", set.Stdout, StringComparison.Ordinal);
        Assert.True(platform.ExitCode == 0, platform.ToString());

        var list = await Gantry.RunAsync("config", "list", "shop");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("API_KEY", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("platform", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, list.Stdout + list.Stderr, StringComparison.Ordinal);

        var revealed = await Gantry.RunAsync("config", "list", "shop", "--reveal", "--json");
        var settings = JsonSerializer.Deserialize<List<SettingInfo>>(revealed.Stdout, JsonSerializerOptions.Web)!;
        Assert.Equal([("API_KEY", "app", Secret), ("LOG_LEVEL", "app", "debug"), ("REGION", "platform", "eu-west")],
            settings.Select(s => (s.Key, s.Scope, s.Value!)));

        var unset = await Gantry.RunAsync("config", "unset", "shop", "API_KEY");
        Assert.True(unset.ExitCode == 0, unset.ToString());
        var after = JsonSerializer.Deserialize<List<SettingInfo>>((await Gantry.RunAsync("config", "list", "shop", "--json")).Stdout, JsonSerializerOptions.Web)!;
        Assert.Equal(["LOG_LEVEL", "REGION"], after.Select(s => s.Key));

        var logs = string.Concat(Directory.GetFiles(Temp.Combine("data"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".log", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("gantry.db", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f)));
        Assert.DoesNotContain(Secret, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValuePipedIn_WithStdin_IsSetWithoutItsLastNewline_BesideThePairsOnTheCommandLine()
    {
        var set = await CliRunner.RunWithInputAsync(Gantry.Environment, Secret + "\n", "config", "set", "shop", "--stdin", "STRIPE_KEY", "MODE=live");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("set STRIPE_KEY, MODE for shop", set.Stdout, StringComparison.Ordinal);

        var platform = await CliRunner.RunWithInputAsync(Gantry.Environment, "line one\nline two\n", "config", "set", "--platform", "--stdin", "MOTD");
        Assert.True(platform.ExitCode == 0, platform.ToString());

        var revealed = JsonSerializer.Deserialize<List<SettingInfo>>((await Gantry.RunAsync("config", "list", "shop", "--reveal", "--json")).Stdout, JsonSerializerOptions.Web)!;
        Assert.Equal([("MODE", "live"), ("MOTD", "line one\nline two"), ("STRIPE_KEY", Secret)], revealed.Select(s => (s.Key, s.Value!)).Order());

        var twice = await CliRunner.RunWithInputAsync(Gantry.Environment, "x", "config", "set", "shop", "--stdin", "MODE", "MODE=test");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("MODE is given twice (on the command line and with --stdin)", twice.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config set shop 1X=2", "'1X' is not a key")]
    [InlineData("config set shop NOEQUALS", "'NOEQUALS' is not KEY=VALUE")]
    [InlineData("config set shop", "give at least one KEY=VALUE after the app")]
    [InlineData("config list", "name the app, or give --platform")]
    [InlineData("config set", "name the app, or give --platform")]
    [InlineData("config unset shop A=1", "'A=1' is not KEY")]
    public async Task WrongArguments_Exit2NamingWhatIsWrong(string command, string message)
    {
        var result = await Gantry.RunAsync(command.Split(' '));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
