using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.Resources;

/// <summary>Score resources of types the platform provisions (the built-in postgres here), as the loader resolves them.</summary>
public sealed class ProvisionedResourceTests
{
    private static readonly ProvisionerCatalog Catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);

    private static string Score(string name, string variables, string resources, string extra = "") => $"""
        apiVersion: score.dev/v1b1
        metadata:
          name: {name}
        containers:
          main:
            image: nginx
        {extra}    variables:
        {variables}
        resources:
        {resources}
        """;

    private static AppLoadResult Load(IResourceOutputs? outputs, params (string Name, string Text)[] files) =>
        AppLoader.Load(new InMemoryAppFiles(files.ToDictionary(f => f.Name, f => f.Text)), files[0].Name,
            AppLoadOptions.Local with { Provisioners = Catalog, ResourceOutputs = outputs });

    [Fact]
    public void APostgresResource_IsRecordedWithItsKey_AndItsPasswordMakesTheVariableSecret()
    {
        var score = Score("web", "      DB_HOST: ${resources.db.host}\n      DB_PASSWORD: ${resources.db.password}\n      URL: postgres://${resources.db.username}:${resources.db.password}@x/y\n      PLAIN: hi",
            "  db:\n    type: postgres\n    params:\n      extensions: [pgcrypto]");

        var result = Load(null, ("score.yaml", score));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var resource = Assert.Single(result.App.Resources);
        Assert.Equal(("web.web.db", "postgres", "default", null), (resource.Key, resource.Type, resource.Class, resource.Id));
        Assert.Equal(["web:db"], resource.Workloads.ToArray());
        Assert.Equal(["pgcrypto"], resource.Params["extensions"].ToArray());
        var container = result.App.Workloads[0].Containers[0];
        Assert.Equal(["DB_PASSWORD", "URL"], container.SecretVariables.Order());
        Assert.Equal("${resources.db.host}", container.Variables["DB_HOST"]); // known by name only without the platform's records
    }

    [Fact]
    public void WithThePlatformsRecords_OutputsAreTheirValues()
    {
        var score = Score("web", "      DB_PORT: ${resources.db.port}\n      DB_PASSWORD: ${resources.db.password}", "  db:\n    type: postgres");

        var result = Load(new FixedOutputs(("port", "9123"), ("password", "s3cret-value")), ("score.yaml", score));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("9123", result.App.Workloads[0].Containers[0].Variables["DB_PORT"]);
        Assert.Equal("s3cret-value", result.App.Workloads[0].Containers[0].Variables["DB_PASSWORD"]);
    }

    [Fact]
    public void AResourceSharedById_IsOneResource_UsedByBothWorkloads()
    {
        var gantry = "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\n";
        var web = Score("web", "      P: ${resources.db.password}", "  db:\n    type: postgres\n    id: orders");
        var worker = Score("worker", "      P: ${resources.store.password}", "  store:\n    type: postgres\n    id: orders");

        var result = Load(null, ("gantry.yaml", gantry), ("web.yaml", web), ("worker.yaml", worker));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var resource = Assert.Single(result.App.Resources);
        Assert.Equal("orders", resource.Key);
        Assert.Equal(["web:db", "worker:store"], resource.Workloads.ToArray());
    }

    [Theory]
    [InlineData("  db:\n    type: postgress", "score.yaml:11:11: resources.db.type", "resource type 'postgress' has no provisioner on this platform; types: route, dns, volume, environment, service-port, s3, amqp, elasticsearch, kafka-topic, mongodb, mssql, mysql, postgres, redis; did you mean 'postgres'?")]
    [InlineData("  db:\n    type: postgres\n    class: huge", "score.yaml:12:12: resources.db.class", "resource type 'postgres' has no class 'huge' on this platform; its classes: default")]
    [InlineData("  db:\n    type: postgres\n    params:\n      extension: [x]", "score.yaml:13:7: resources.db.params.extension", "unknown field 'extension'; did you mean 'extensions'?")]
    [InlineData("  db:\n    type: postgres\n    params:\n      extensions: pgcrypto", "score.yaml:13:19: resources.db.params.extensions", "expected a list")]
    public void AWrongProvisionedResource_IsAnErrorAtItsPlace(string resources, string location, string message)
    {
        var result = Load(null, ("score.yaml", Score("web", "      X: y", resources)));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(location, error.ToString());
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AnUnknownOutput_IsAnErrorNamingTheOutputs()
    {
        var result = Load(null, ("score.yaml", Score("web", "      X: ${resources.db.pasword}", "  db:\n    type: postgres")));

        var error = Assert.Single(result.Errors);
        Assert.Contains("unknown output 'pasword' of resource 'db' (type postgres; outputs: host, port, name, database, username, password); did you mean 'password'?", error.Message);
    }

    [Fact]
    public void ASecretOutput_OnACommandLine_IsRefused()
    {
        var result = Load(null, ("score.yaml", Score("web", "      X: y", "  db:\n    type: postgres", "    args: [\"--password=${resources.db.password}\"]\n")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("containers.main.args[0]", error.Field);
        Assert.Contains("may not be part of a command line", error.Message);
    }

    [Fact]
    public void TwoWorkloadsSharingAnId_MustAgreeOnItsType()
    {
        var gantry = "name: shop\nworkloads:\n  - score: web.yaml\n  - score: worker.yaml\n";
        var web = Score("web", "      X: y", "  db:\n    type: postgres\n    id: orders");
        var worker = Score("worker", "      X: y", "  db:\n    type: volume\n    id: orders");

        var result = Load(null, ("gantry.yaml", gantry), ("web.yaml", web), ("worker.yaml", worker));

        var error = Assert.Single(result.Errors);
        Assert.Equal("worker.yaml", error.File);
        Assert.Matches(@"^resource id 'orders' is a postgres in web\.yaml \(line \d+\) but a volume here; a shared resource has one type and class$", error.Message);
    }

    private sealed class FixedOutputs(params (string Output, string Value)[] values) : IResourceOutputs
    {
        public string? Output(ResourceSpec resource, string output) =>
            values.Where(v => v.Output == output).Select(v => v.Value).FirstOrDefault() ?? $"{resource.Key}:{output}";
    }
}
