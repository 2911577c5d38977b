using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class BuiltInDefinitionTests
{
    private static ProvisionerDefinition Postgres() =>
        Assert.Single(ProvisionerFiles.LoadBuiltIn().Definitions, d => d.Type == "postgres");

    [Fact]
    public void LoadBuiltIn_ReadsEveryEmbeddedDefinitionWithoutErrors()
    {
        var result = ProvisionerFiles.LoadBuiltIn();

        Assert.Empty(result.Errors);
        Assert.Empty(result.Refused);
        Assert.Contains(result.Definitions, d => d.Type == "postgres" && d.Class == ProvisionerDefinition.DefaultClass);
        Assert.All(result.Definitions, d => Assert.StartsWith(ProvisionerFiles.BuiltInPrefix, d.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_GivesScoreComposeOutputs_WithOnlyThePasswordSecret()
    {
        var postgres = Postgres();

        Assert.Equal(["host", "port", "name", "database", "username", "password"], postgres.Outputs.Select(o => o.Name));
        Assert.Equal(["password"], postgres.SecretOutputs);
        Assert.Equal("postgres", postgres.Source[ProvisionerFiles.BuiltInPrefix.Length..^".yaml".Length]);
    }

    [Fact]
    public void Postgres_GeneratesIdentifiersFromTheKey_AndARandomSecretPassword()
    {
        var generated = Postgres().Generated.ToDictionary(g => g.Name);

        Assert.Equal(new GeneratedValue("database", "r_{{ resource.key }}", null, false, 63, Identifier: true), generated["database"]);
        Assert.Equal(new GeneratedValue("username", "r_{{ resource.key }}", null, false, 63, Identifier: true), generated["username"]);
        Assert.Equal(new GeneratedValue("password", null, 32, true, null), generated["password"]);
    }

    [Fact]
    public void Postgres_RunsDebiansServerAsThePostgresUser_AndTheOfficialImageInContainers()
    {
        var service = Postgres().Service!;

        Assert.Equal(5432, service.Port);
        Assert.Equal<string>(["/usr/lib/postgresql/*/bin"], service.Process!.Binaries);
        Assert.Equal("postgresql", service.Process.Package);
        Assert.Equal("postgres", service.Process.User);
        Assert.Equal("postgres", Assert.Single(service.Process.Init).User);
        Assert.Equal("postgres", service.Process.Run[0]);
        Assert.Equal("postgres:16", service.Container!.Image);
        Assert.Equal("/var/lib/postgresql/data", service.Container.DataPath);
        Assert.Equal("{{ service.adminPassword }}", service.Container.Environment["POSTGRES_PASSWORD"]);
        Assert.Equal("pg_isready", service.Ready!.Command[0]);
        Assert.Equal(TimeSpan.FromSeconds(5), service.Ready.Timeout);
        Assert.True(Assert.Single(service.Generated).Secret);
    }

    [Fact]
    public void Postgres_CreatesExtensionsOnePerStep_AndBacksUpWithPgDump()
    {
        var postgres = Postgres();

        Assert.Equal(2, postgres.Provision.Length);
        Assert.Null(postgres.Provision[0].ForEach);
        Assert.Equal("params.extensions", postgres.Provision[1].ForEach);
        Assert.Equal(StepDefinition.DefaultTimeout, postgres.Provision[0].Timeout);
        Assert.Contains("DROP DATABASE IF EXISTS", Assert.Single(postgres.Deprovision).Stdin, StringComparison.Ordinal);
        Assert.Equal("dump", postgres.Backup!.Extension);
        Assert.Equal<string>(["pg_dump", "-Fc"], postgres.Backup.Create.Command[..2]);
        Assert.Equal("pg_restore", postgres.Backup.Restore.Command[0]);
        Assert.Contains("--single-transaction", postgres.Backup.Restore.Command);
        Assert.Equal(TimeSpan.FromHours(1), postgres.Backup.Create.Timeout);
        Assert.NotNull(postgres.Backup.Count);
    }

    [Fact]
    public void Postgres_ProvisionRendersWithoutSecretsOnTheCommandLine()
    {
        var postgres = Postgres();
        var values = TemplateValues.Empty
            .With(TemplatePaths.App, "shop")
            .With(TemplatePaths.ResourceKey, "shop.web.db")
            .With(TemplatePaths.ResourceName, "db")
            .With(TemplatePaths.ResourceId, "")
            .WithParams(postgres.Params, ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("extensions", ["pgcrypto", "vector"]));
        var generated = GeneratedValues.MakeAll(postgres.Generated, values);
        values = values
            .WithGenerated(TemplatePaths.ResourcePrefix, postgres.Generated, generated)
            .With(TemplatePaths.ServiceHost, "127.0.0.1").With(TemplatePaths.ServicePort, "15432")
            .With(TemplatePaths.ServiceData, "/data/services/postgres/default/data").With(TemplatePaths.ServiceRun, "/data/services/postgres/default/run")
            .With(TemplatePaths.Service("adminPassword"), "AdminSecret", secret: true);

        var steps = StepRenderer.RenderAll(postgres.Provision, values);

        Assert.Equal(3, steps.Length);
        Assert.Equal(generated["username"], generated["database"]);
        Assert.Matches("^r_shop_web_db_[0-9a-f]{6}$", generated["database"]);
        Assert.Contains($"username={generated["username"]}", steps[0].Command);
        Assert.Equal(generated["password"], steps[0].Environment["RESOURCE_PASSWORD"]);
        Assert.Equal(new HashSet<string> { "AdminSecret", generated["password"] }, steps[0].Secrets.ToHashSet());
        Assert.Equal(["extension=pgcrypto", "extension=vector"], steps.Skip(1).Select(s => s.Command.Single(a => a.StartsWith("extension=", StringComparison.Ordinal))));
        Assert.All(steps, s => Assert.DoesNotContain(s.Command, a => a.Contains("AdminSecret", StringComparison.Ordinal) || a.Contains(generated["password"], StringComparison.Ordinal)));
    }
}
