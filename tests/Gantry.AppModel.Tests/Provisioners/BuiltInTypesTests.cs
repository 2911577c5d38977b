using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

/// <summary>What every built-in type promises: score-compose's outputs, and no secret on any command line it renders.</summary>
public sealed class BuiltInTypesTests
{
    public static TheoryData<string, string[]> Outputs => new()
    {
        { "postgres", ["host", "port", "name", "database", "username", "password"] },
        { "mysql", ["host", "port", "name", "database", "username", "password"] },
        { "redis", ["host", "port", "username", "password", "prefix"] },
        { "amqp", ["host", "port", "vhost", "username", "password"] },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void ABuiltInType_Loads_WithScoreComposeOutputs_AndOnlyThePasswordSecret(string type, string[] outputs)
    {
        var definition = BuiltIn(type);

        Assert.Equal(outputs, definition.Outputs.Select(o => o.Name));
        Assert.Equal(["password"], definition.SecretOutputs);
        Assert.Equal(ProvisionerDefinition.DefaultClass, definition.Class);
        Assert.NotNull(definition.Service!.Process);
        Assert.NotNull(definition.Service.Container);
        Assert.NotNull(definition.Service.Ready);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql")]
    [InlineData("redis")]
    [InlineData("amqp")]
    public void ABuiltInType_RendersEveryStep_WithoutASecretOnTheCommandLine(string type)
    {
        var definition = BuiltIn(type);
        Assert.NotNull(definition.Size);
        var service = definition.Service!;
        var values = ResourceValues(definition);
        var serviceSteps = service.Process!.Init.Append(service.Ready!);
        var resourceSteps = definition.Provision.Concat(definition.Deprovision)
            .Concat(definition.Backup is { } backup ? [backup.Create, backup.Restore, .. backup.Count is { } count ? [count] : Array.Empty<StepDefinition>()] : [])
            .Append(definition.Size!);

        var steps = StepRenderer.RenderAll(serviceSteps.Concat(resourceSteps), values);

        Assert.NotEmpty(definition.Provision);
        Assert.NotEmpty(definition.Deprovision);
        Assert.NotNull(definition.Backup);
        var secrets = values.SecretValues.ToArray();
        Assert.Equal(2, secrets.Length); // the resource's password and the server's
        Assert.All(steps, s => Assert.DoesNotContain(s.Command, a => secrets.Any(secret => a.Contains(secret, StringComparison.Ordinal))));
        Assert.All(secrets, secret => Assert.Contains(steps, s => s.Environment.ContainsValue(secret) || (s.Stdin ?? "").Contains(secret, StringComparison.Ordinal)));
        // Scrubbed from what each provision step prints: the administrator's password it uses (amqp has none, as
        // rabbitmqctl reads the Erlang cookie from its file: its one step sets the resource's password instead).
        var scrubbed = service.Generated.Single().Name == "cookie" ? secrets.Single(secret => secret != "AdminSecret") : "AdminSecret";
        Assert.All(StepRenderer.RenderAll(definition.Provision, values), s => Assert.Contains(scrubbed, s.Secrets));
    }

    [Theory]
    [InlineData("mysql", "shop.web.db", "^r_shop_web_db_[0-9a-f]{6}$")]
    [InlineData("mysql", "root", "^r_root$")]
    [InlineData("redis", "default", "^r_default$")]
    [InlineData("postgres", "postgres", "^r_postgres$")]
    [InlineData("postgres", "template1", "^r_template1$")]
    [InlineData("amqp", "guest", "^r_guest$")]
    [InlineData("amqp", "shop.web.queue", "^r_shop_web_queue_[0-9a-f]{6}$")]
    public void GeneratedNames_StartWithRUnderscore_SoNoResourceTakesANameTheServerHas(string type, string key, string pattern)
    {
        var definition = BuiltIn(type);
        var generated = GeneratedValues.MakeAll(definition.Generated, KeyValues(definition, key));

        Assert.Matches(pattern, generated["username"]);
        Assert.True(generated["password"].All(char.IsAsciiLetterOrDigit));
    }

    private static ProvisionerDefinition BuiltIn(string type) =>
        Assert.Single(ProvisionerFiles.LoadBuiltIn().Definitions, d => d.Type == type);

    private static TemplateValues KeyValues(ProvisionerDefinition definition, string key) =>
        TemplateValues.Empty
            .With(TemplatePaths.App, "shop")
            .With(TemplatePaths.ResourceKey, key)
            .With(TemplatePaths.ResourceName, "db")
            .With(TemplatePaths.ResourceId, "")
            .WithParams(definition.Params, ImmutableDictionary<string, ImmutableArray<string>>.Empty);

    private static TemplateValues ResourceValues(ProvisionerDefinition definition)
    {
        var values = KeyValues(definition, "shop.web.db");
        return values
            .WithGenerated(TemplatePaths.ResourcePrefix, definition.Generated, GeneratedValues.MakeAll(definition.Generated, values))
            .With(TemplatePaths.ServiceHost, "127.0.0.1").With(TemplatePaths.ServicePort, "19000")
            .With(TemplatePaths.ServiceData, "/data/services/x/data").With(TemplatePaths.ServiceRun, "/data/services/x/run")
            .With(TemplatePaths.Service(definition.Service!.Generated.Single().Name), "AdminSecret", secret: true); // adminPassword, or amqp's cookie
    }
}
