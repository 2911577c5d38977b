using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Resources;

/// <summary>The <c>environment</c> resource: any key, read from the settings of the app being loaded.</summary>
public sealed class EnvironmentResourceTests
{
    private static string Score(string variables, string resource = "  env:\n    type: environment") => $"""
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          main:
            image: nginx
            variables:
        {variables}
        resources:
        {resource}
        """;

    private static AppLoadResult Load(string score, EnvironmentSettings? settings) =>
        AppLoader.Load(new InMemoryAppFiles(new Dictionary<string, string> { ["score.yaml"] = score }), "score.yaml", AppLoadOptions.Local with { Settings = settings });

    [Fact]
    public void AKey_IsTheValueTheAppsSettingsGive_AndTheVariableHoldingItIsSecret()
    {
        var seen = new List<string>();
        var settings = new EnvironmentSettings(
            app =>
            {
                seen.Add(app);
                return new Dictionary<string, string> { ["API_KEY"] = "k-123456", ["REGION"] = "eu" };
            },
            _ => "somewhere");

        var result = Load(Score("      TOKEN: ${resources.env.API_KEY}\n      URL: https://${resources.env.REGION}.example.com\n      PLAIN: hi"), settings);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var container = result.App.Workloads[0].Containers[0];
        Assert.Equal("k-123456", container.Variables["TOKEN"]);
        Assert.Equal("https://eu.example.com", container.Variables["URL"]);
        Assert.Equal(["TOKEN", "URL"], container.SecretVariables.Order());
        Assert.All(seen, app => Assert.Equal("web", app));
        Assert.NotEmpty(seen);
    }

    [Fact]
    public void WithoutTheSettings_AKeyStandsInAsItsPlaceholder()
    {
        var result = Load(Score("      TOKEN: ${resources.env.API_KEY}"), settings: null);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("${resources.env.API_KEY}", result.App.Workloads[0].Containers[0].Variables["TOKEN"]);
    }

    [Theory]
    [InlineData("      TOKEN: ${resources.env.MISSING}", "score.yaml:8:14: containers.main.variables.TOKEN",
        "environment resource 'env' has no value for MISSING; set it with 'gantry config set web MISSING=…'")]
    [InlineData("      TOKEN: ${resources.env}", "score.yaml:8:14: containers.main.variables.TOKEN",
        "name a key of environment resource 'env', for example '${resources.env.API_KEY}'")]
    public void AKeyWithoutAValue_OrNoKey_IsAnErrorAtTheVariable(string variables, string location, string message)
    {
        var settings = new EnvironmentSettings(_ => new Dictionary<string, string>(), app => $"with 'gantry config set {app} MISSING=…'");

        var result = Load(Score(variables), settings);

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith(location, error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Params_AreRefused_ForTheTypeTakesNone()
    {
        var result = Load(Score("      A: b", "  env:\n    type: environment\n    params:\n      prefix: APP_"), EnvironmentSettings.Of(new Dictionary<string, string>(), ""));

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("score.yaml:13:7: resources.env.params.prefix", error);
    }
}
