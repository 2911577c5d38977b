using Gantry.Cli.Tests.Support;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Every command explains itself with an example, and wrong flags exit 2 with a message, not a stack trace.</summary>
public sealed class HelpAndInputTests
{
    private static readonly Dictionary<string, string> NoServer = new()
    {
        ["GANTRY_SERVER"] = "http://127.0.0.1:9",
        ["GANTRY_TOKEN"] = "gantry_test",
    };

    [Theory]
    [InlineData("up")]
    [InlineData("deploy")]
    [InlineData("apps")]
    [InlineData("status")]
    [InlineData("releases")]
    [InlineData("rollback")]
    [InlineData("scale")]
    [InlineData("logs")]
    [InlineData("keys create")]
    [InlineData("keys list")]
    [InlineData("keys revoke")]
    [InlineData("clients block")]
    [InlineData("clients unblock")]
    [InlineData("clients list")]
    [InlineData("domains list")]
    [InlineData("domains add")]
    [InlineData("domains remove")]
    [InlineData("certs list")]
    [InlineData("certs add")]
    [InlineData("certs remove")]
    [InlineData("ca")]
    [InlineData("render")]
    [InlineData("import")]
    [InlineData("targets add")]
    [InlineData("targets list")]
    [InlineData("targets remove")]
    [InlineData("envs set")]
    [InlineData("envs list")]
    [InlineData("envs remove")]
    [InlineData("envs releases")]
    [InlineData("promote")]
    [InlineData("gateway")]
    [InlineData("gateway restart")]
    [InlineData("config list")]
    [InlineData("config set")]
    [InlineData("config unset")]
    [InlineData("jobs list")]
    [InlineData("jobs runs")]
    [InlineData("jobs run")]
    [InlineData("jobs logs")]
    [InlineData("audit")]
    [InlineData("audit verify")]
    [InlineData("users grant")]
    [InlineData("users ungrant")]
    [InlineData("login")]
    public async Task Help_OfEveryCommand_ShowsAnExampleAndTheJsonOption(string command)
    {
        var result = await CliRunner.RunAsync(NoServer, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.Stdout);
        Assert.Contains($"gantry {command}", result.Stdout);
        Assert.Contains("--json", result.Stdout);
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("deploy", "-f")]
    [InlineData("scale", "hello", "web")]
    [InlineData("scale", "hello", "web=lots")]
    [InlineData("deploy", "-f", "/no/such/gantry.yaml")]
    [InlineData("deploy", "-f", "x.yaml", "--timeout", "soon")]
    [InlineData("up", "--http-port", "99999")]
    [InlineData("up", "--http-address", "not-an-ip")]
    [InlineData("up", "--audit-retention", "forever")]
    [InlineData("up", "--audit-retention", "10m")]
    [InlineData("frobnicate")]
    [InlineData("login")]
    [InlineData("login", "--web", "--user", "ana")]
    public async Task WrongInput_Exits2WithAMessageAndNoStackTrace(params string[] args)
    {
        var result = await CliRunner.RunAsync(NoServer, args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
    }

    [Theory]
    [InlineData("--oidc-authority", "--oidc-authority", "not a url", "--oidc-client-id", "gantry")]
    [InlineData("--oidc-authority", "--oidc-authority", "http://sso.example.com/realms/acme", "--oidc-client-id", "gantry")]
    [InlineData("--oidc-client-id", "--oidc-authority", "https://sso.example.com/realms/acme")]
    [InlineData("--oidc-scopes", "--oidc-authority", "https://sso.example.com", "--oidc-client-id", "gantry", "--oidc-scopes", "profile email")]
    [InlineData("--oidc-authority", "--oidc-client-id", "gantry")]
    public async Task Up_WithWrongSingleSignOnFlags_Exits2NamingTheFlag(string flag, params string[] args)
    {
        var result = await CliRunner.RunAsync(NoServer, ["up", "--data", Path.Combine(Path.GetTempPath(), "gantry-never-started"), .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(flag, result.Stderr);
    }

    [Fact]
    public async Task ACommand_WhenNoServerAnswers_Exits1SayingWhereItLooked()
    {
        var result = await CliRunner.RunAsync(NoServer, "apps");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot reach Gantry at http://127.0.0.1:9", result.Stderr);
    }
}
