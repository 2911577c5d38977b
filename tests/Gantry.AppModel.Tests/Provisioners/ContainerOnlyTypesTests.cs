using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

/// <summary>
/// The built-in types that run only in a container (mongodb, kafka-topic, elasticsearch, mssql, s3): score-compose's
/// outputs, their official images, no way to run on this machine, and no secret on any command line they render.
/// Their servers' images cannot be pulled here, so nothing below runs them (s3 runs on a stand-in for MinIO in the CLI tests).
/// </summary>
public sealed class ContainerOnlyTypesTests
{
    public static TheoryData<string, string[], string[], string> Types => new()
    {
        // score-spec/score-compose, internal/command/default.provisioners.yaml (expected_outputs of each type).
        { "mongodb", ["host", "port", "username", "password", "connection"], ["password", "connection"], "mongo:8" },
        { "kafka-topic", ["host", "port", "name", "num_partitions"], [], "apache/kafka:4.0.0" },
        { "elasticsearch", ["host", "port", "username", "password"], ["password"], "docker.elastic.co/elasticsearch/elasticsearch:8.14.0" },
        { "mssql", ["server", "port", "connection", "database", "username", "password"], ["connection", "password"], "mcr.microsoft.com/mssql/server:2022-latest" },
        // The platform's own MinIO (without --s3-endpoint): score-compose's s3 outputs with the aws_ names.
        { "s3", ["endpoint", "region", "bucket", "access_key_id", "aws_access_key_id", "secret_key", "aws_secret_key"], ["secret_key", "aws_secret_key"], "minio/minio:latest" },
    };

    public static TheoryData<string> Names => ["mongodb", "kafka-topic", "elasticsearch", "mssql", "s3"];

    [Theory]
    [MemberData(nameof(Types))]
    public void AContainerOnlyType_Loads_WithScoreComposeOutputs_SecretsMarked_AndNoProcessSection(string type, string[] outputs, string[] secret, string image)
    {
        var definition = BuiltIn(type);

        Assert.Equal(outputs, definition.Outputs.Select(o => o.Name));
        Assert.Equal(secret.Order(StringComparer.Ordinal), definition.SecretOutputs.Order(StringComparer.Ordinal));
        Assert.Equal(ProvisionerDefinition.DefaultClass, definition.Class);
        Assert.Null(definition.Service!.Process);
        Assert.Equal(image, definition.Service.Container!.Image);
        Assert.NotNull(definition.Service.Ready);
        Assert.NotEmpty(definition.Provision);
        Assert.NotEmpty(definition.Deprovision);
        Assert.Null(definition.Backup);
        Assert.Contains("container runtime only", definition.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AContainerOnlyType_RendersEveryStep_WithoutASecretOnTheCommandLine(string type)
    {
        var definition = BuiltIn(type);
        var (values, _) = ResourceValues(definition);
        var steps = StepRenderer.RenderAll([definition.Service!.Ready!, .. definition.Provision, .. definition.Deprovision], values);
        var container = definition.Service.Container!;
        var command = container.Command.Select(arg => TemplateRenderer.Render(arg, values));

        var secrets = values.SecretValues.ToArray();
        // The resource's password and the server's; Kafka has no users; MinIO's apps share the server's credentials.
        Assert.Equal(type switch { "kafka-topic" => 0, "s3" => 1, _ => 2 }, secrets.Length);
        Assert.All(steps, s => Assert.DoesNotContain(s.Command, a => secrets.Any(secret => a.Contains(secret, StringComparison.Ordinal))));
        Assert.DoesNotContain(command, a => secrets.Any(secret => a.Contains(secret, StringComparison.Ordinal)));
        Assert.All(secrets, secret => Assert.Contains(steps, s => s.Environment.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)) || (s.Stdin ?? "").Contains(secret, StringComparison.Ordinal)));
        // What a provision step prints is scrubbed of the administrator's password it uses.
        Assert.All(StepRenderer.RenderAll(definition.Provision, values), step => Assert.All(secrets.Where(secret => secret == "AdminSecret"), admin => Assert.Contains(admin, step.Secrets)));
    }

    [Theory]
    [InlineData("mongodb", "admin", "^r_admin$")]
    [InlineData("mongodb", "shop.web.docs", "^r_shop_web_docs_[0-9a-f]{6}$")]
    [InlineData("elasticsearch", "elastic", "^r_elastic$")]
    [InlineData("mssql", "sa", "^r_sa$")]
    [InlineData("mssql", "master", "^r_master$")]
    public void GeneratedNames_StartWithRUnderscore_SoNoResourceTakesANameTheServerHas(string type, string key, string pattern)
    {
        var definition = BuiltIn(type);
        var generated = GeneratedValues.MakeAll(definition.Generated, KeyValues(definition, key));

        Assert.Matches(pattern, generated["username"]);
        Assert.True(generated["password"].All(char.IsAsciiLetterOrDigit));
    }

    [Fact]
    public void Mongodb_GivesAUserItsOwnDatabase_NamedAsTheUser_InTheConnection()
    {
        var definition = BuiltIn("mongodb");
        var (values, generated) = ResourceValues(definition);

        var provision = Assert.Single(StepRenderer.RenderAll(definition.Provision, values));

        Assert.Equal(generated["username"], generated["database"]);
        Assert.Equal("mongosh", provision.Command[0]);
        Assert.Equal(generated["database"], provision.Environment["RESOURCE_DATABASE"]);
        Assert.Equal(generated["password"], provision.Environment["RESOURCE_PASSWORD"]);
        Assert.Equal("AdminSecret", provision.Environment["ADMIN_PASSWORD"]);
        Assert.Contains("readWrite", provision.Command[^1], StringComparison.Ordinal);
        Assert.Equal(
            "mongodb://{{ resource.username }}:{{ resource.password }}@{{ service.host }}:{{ service.port }}/{{ resource.database }}?authSource=admin",
            definition.Outputs.Single(o => o.Name == "connection").Template);
        Assert.Equal("{{ service.adminPassword }}", definition.Service!.Container!.Environment["MONGO_INITDB_ROOT_PASSWORD"]);
    }

    [Fact]
    public void KafkaTopic_MakesATopicOfThreePartitions_AndAdvertisesTheServiceNameToApps()
    {
        var definition = BuiltIn("kafka-topic");
        var (values, _) = ResourceValues(definition);

        var provision = Assert.Single(StepRenderer.RenderAll(definition.Provision, values));
        var deprovision = Assert.Single(StepRenderer.RenderAll(definition.Deprovision, values));

        Assert.Equal("3", definition.Outputs.Single(o => o.Name == "num_partitions").Template);
        Assert.Equal("/opt/kafka/bin/kafka-topics.sh", provision.Command[0]);
        Assert.Contains("--if-not-exists", provision.Command);
        Assert.Equal("3", provision.Command[provision.Command.IndexOf("--partitions") + 1]);
        Assert.Contains("--if-exists", deprovision.Command);
        Assert.Matches("^r_shop_web_db_[0-9a-f]{6}$", provision.Command[provision.Command.IndexOf("--topic") + 1]);
        // The service's name on the installation's network is TYPE-CLASS (ServiceLayout.NameOf).
        Assert.StartsWith("PLAINTEXT://kafka-topic-default:9092,", definition.Service!.Container!.Environment["KAFKA_ADVERTISED_LISTENERS"], StringComparison.Ordinal);
        Assert.Equal("/var/lib/kafka/data", definition.Service.Container.Environment["KAFKA_LOG_DIRS"]);
        Assert.Equal("false", definition.Service.Container.Environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
        Assert.Empty(definition.Service.Generated);
    }

    [Fact]
    public void Elasticsearch_GivesAUserARoleOnItsOwnIndices_ThroughTheSecurityApi()
    {
        var definition = BuiltIn("elasticsearch");
        var (values, _) = ResourceValues(definition);

        var provision = Assert.Single(StepRenderer.RenderAll(definition.Provision, values));

        Assert.Equal<string>(["bash", "-c"], provision.Command[..2]);
        Assert.Contains("/_security/role/$user", provision.Command[2], StringComparison.Ordinal);
        Assert.Contains("/_security/user/$user", provision.Command[2], StringComparison.Ordinal);
        Assert.Contains("\"names\":[\"%s\",\"%s-*\"]", provision.Command[2], StringComparison.Ordinal);
        Assert.Matches("^r_shop_web_db_[0-9a-f]{6}$", provision.Command[^1]);
        Assert.Equal("AdminSecret", provision.Environment["ADMIN_PASSWORD"]);
        Assert.Equal("{{ service.adminPassword }}", definition.Service!.Container!.Environment["ELASTIC_PASSWORD"]);
        Assert.Equal("false", definition.Service.Container.Environment["ES_SETTING_XPACK_SECURITY_HTTP_SSL_ENABLED"]);
    }

    [Fact]
    public void Mssql_MakesADatabaseAndALogin_WithSqlcmdReadingThePasswordFromItsEnvironment()
    {
        var definition = BuiltIn("mssql");
        var (values, generated) = ResourceValues(definition);

        var provision = Assert.Single(StepRenderer.RenderAll(definition.Provision, values));

        Assert.Contains("/opt/mssql-tools18/bin", provision.Command[2], StringComparison.Ordinal);
        Assert.Equal<string>(["-S", "127.0.0.1,1433", "-U", "sa"], provision.Command[4..8]);
        Assert.Equal("AdminSecretAa1", provision.Environment["SQLCMDPASSWORD"]);
        Assert.Contains($"CREATE DATABASE [{generated["database"]}]", provision.Stdin, StringComparison.Ordinal);
        Assert.Contains($"CREATE LOGIN [{generated["username"]}] WITH PASSWORD = N'{generated["password"]}'", provision.Stdin, StringComparison.Ordinal);
        Assert.Contains($"ALTER ROLE db_owner ADD MEMBER [{generated["username"]}]", provision.Stdin, StringComparison.Ordinal);
        Assert.Equal("{{ service.adminPassword }}Aa1", definition.Service!.Container!.Environment["MSSQL_SA_PASSWORD"]);
        Assert.Equal("Y", definition.Service.Container.Environment["ACCEPT_EULA"]);
        Assert.Contains("DROP LOGIN", Assert.Single(definition.Deprovision).Stdin, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_MakesABucketWithMinioClient_ReachingTheServerThroughMcHost_AndGivesAppsItsCredentials()
    {
        var definition = BuiltIn("s3");
        var (values, generated) = ResourceValues(definition);

        var provision = Assert.Single(StepRenderer.RenderAll(definition.Provision, values));

        Assert.Matches("^shop-web-db-[0-9a-f]{8}$", generated["bucket"]);
        Assert.Equal<string>(["mc", "mb", "--ignore-existing", $"local/{generated["bucket"]}"], provision.Command);
        Assert.Equal("http://gantry-admin:AdminSecret@127.0.0.1:9000", provision.Environment["MC_HOST_local"]);
        Assert.Contains("AdminSecret", provision.Secrets);
        Assert.Equal("{{ service.rootPassword }}", definition.Service!.Container!.Environment["MINIO_ROOT_PASSWORD"]);
        Assert.Equal("gantry-admin", definition.Service.Container.Environment["MINIO_ROOT_USER"]);
        Assert.Equal("/data", definition.Service.Container.DataPath);
        Assert.NotNull(definition.Size);
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

    /// <summary>A resource's values as steps see them inside its server's container (127.0.0.1 and the image's port).</summary>
    private static (TemplateValues Values, ImmutableDictionary<string, string> Generated) ResourceValues(ProvisionerDefinition definition)
    {
        var values = KeyValues(definition, "shop.web.db");
        var service = definition.Service!;
        var generated = GeneratedValues.MakeAll(definition.Generated, values);
        values = values
            .WithGenerated(TemplatePaths.ResourcePrefix, definition.Generated, generated)
            .With(TemplatePaths.ServiceHost, "127.0.0.1").With(TemplatePaths.ServicePort, service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With(TemplatePaths.ServiceData, service.Container!.DataPath).With(TemplatePaths.ServiceRun, "/tmp");
        return (service.Generated.Aggregate(values, (v, g) => v.With(TemplatePaths.Service(g.Name), "AdminSecret", secret: true)), generated);
    }
}
