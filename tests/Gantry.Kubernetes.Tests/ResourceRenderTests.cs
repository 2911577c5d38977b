using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;
using k8s.Models;

namespace Gantry.Kubernetes.Tests;

/// <summary>Provisioned resources (postgres, redis, amqp) rendered as StatefulSets in the app's namespace, their credentials in Secrets.</summary>
public sealed class ResourceRenderTests
{
    [Fact]
    public void EachResource_RendersAStatefulSetOfTheOfficialImage_AHeadlessService_AClaimTemplate_AndASecret()
    {
        var objects = TestApps.Render(TestApps.Orders, "gantry.yaml");

        Assert.Equal(["orders-db", "web-cache", "web-queue", "worker-reports"], objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name));
        foreach (var (name, image, port) in new[] { ("orders-db", "postgres:16", 5432), ("web-cache", "redis:7", 6379), ("web-queue", "rabbitmq:3", 5672), ("worker-reports", "mariadb:11", 3306) })
        {
            var set = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == name);
            Assert.Equal(1, set.Spec.Replicas);
            Assert.Equal(name, set.Spec.ServiceName);
            Assert.Equal("orders-prod", set.Metadata.NamespaceProperty);
            var container = Assert.Single(set.Spec.Template.Spec.Containers);
            Assert.Equal(image, container.Image);
            Assert.Equal(port, container.Ports.Single().ContainerPort);
            var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
            Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
            Assert.Equal(claim.Metadata.Name, container.VolumeMounts.Single().Name);
            Assert.All(container.Env.Where(e => e.ValueFrom is not null), e => Assert.Equal($"{name}-credentials", e.ValueFrom.SecretKeyRef.Name));

            var service = objects.OfType<V1Service>().Single(s => s.Metadata.Name == name);
            Assert.Equal("None", service.Spec.ClusterIP);
            Assert.Equal(port, service.Spec.Ports.Single().Port);
            Assert.Equal(set.Spec.Selector.MatchLabels, service.Spec.Selector);
            Assert.Single(objects.OfType<V1Secret>(), s => s.Metadata.Name == $"{name}-credentials");
        }

        var postgres = Server(objects, "orders-db");
        Assert.Equal(["PGDATA", "POSTGRES_DB", "POSTGRES_PASSWORD", "POSTGRES_USER"], postgres.Env.Select(e => e.Name).Order());
        Assert.Equal("password", postgres.Env.Single(e => e.Name == "POSTGRES_PASSWORD").ValueFrom.SecretKeyRef.Key);
        var redis = Server(objects, "web-cache");
        Assert.Equal(["redis-server", "--appendonly", "yes", "--requirepass", "$(REDIS_PASSWORD)"], redis.Args);
        Assert.Equal("password", redis.Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef.Key);
        var rabbit = Server(objects, "web-queue");
        Assert.Equal(["RABBITMQ_DEFAULT_PASS", "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_VHOST"], rabbit.Env.Select(e => e.Name).Order());
        Assert.Equal(["password", "username", "vhost"], Secret(objects, "web-queue").StringData.Keys.Order());
        Assert.Equal("web_queue", Secret(objects, "web-queue").StringData["vhost"]);
        var mariadb = Server(objects, "worker-reports");
        Assert.Equal(["MARIADB_DATABASE", "MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD", "MARIADB_USER"], mariadb.Env.Select(e => e.Name).Order());
        Assert.Equal("rootPassword", mariadb.Env.Single(e => e.Name == "MARIADB_ROOT_PASSWORD").ValueFrom.SecretKeyRef.Key);
        Assert.Equal(["--datadir=/var/lib/mysql/data"], mariadb.Args);
        var reports = Secret(objects, "worker-reports").StringData;
        Assert.NotEqual(reports["password"], reports["rootPassword"]);
    }

    [Fact]
    public void TheWorkloadsVariables_ReadTheSecret_HostAndPortAreTheService_AndNoPasswordIsWrittenElsewhere()
    {
        var objects = TestApps.Render(TestApps.Orders, "gantry.yaml");

        var env = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "web-app-env").Data;
        Assert.Equal("orders-db.orders-prod.svc", env["DB_HOST"]);
        Assert.Equal("5432", env["DB_PORT"]);
        Assert.Equal("info", env["LOG_LEVEL"]);
        Assert.Equal(["DB_HOST", "DB_PORT", "LOG_LEVEL"], env.Keys);
        Assert.DoesNotContain(objects.OfType<V1Secret>(), s => s.Metadata.Name == "web-app-secret"); // every secret variable reads a resource's Secret

        var web = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "web").Spec.Template.Spec.Containers.Single();
        var byName = web.Env.ToDictionary(e => e.Name);
        Assert.Equal(("orders-db-credentials", "password"), (byName["DB_PASSWORD"].ValueFrom.SecretKeyRef.Name, byName["DB_PASSWORD"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal(("orders-db-credentials", "database"), (byName["DB_NAME"].ValueFrom.SecretKeyRef.Name, byName["DB_NAME"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal("postgres://$(GANTRY_ORDERS_DB_USERNAME):$(GANTRY_ORDERS_DB_PASSWORD)@orders-db.orders-prod.svc:5432/$(GANTRY_ORDERS_DB_DATABASE)?application_name=$$web", byName["DATABASE_URL"].Value);
        Assert.Equal("redis://:$(GANTRY_WEB_CACHE_PASSWORD)@web-cache.orders-prod.svc:6379/0", byName["REDIS_URL"].Value);
        Assert.Equal("amqp://$(GANTRY_WEB_QUEUE_USERNAME):$(GANTRY_WEB_QUEUE_PASSWORD)@web-queue.orders-prod.svc:5672/$(GANTRY_WEB_QUEUE_VHOST)", byName["AMQP_URL"].Value);
        // Kubernetes expands $(VAR) only from entries before it: the helpers come first.
        var firstUse = web.Env.ToList().FindIndex(e => e.Value?.Contains("$(", StringComparison.Ordinal) == true);
        Assert.All(web.Env.Where(e => e.Name.StartsWith("GANTRY_", StringComparison.Ordinal)), h => Assert.True(web.Env.IndexOf(h) < firstUse, h.Name));
        Assert.Equal("web-cache-credentials", byName["GANTRY_WEB_CACHE_PASSWORD"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal(["--db-user", "$(GANTRY_ORDERS_DB_USERNAME)", "--cache", "web-cache.orders-prod.svc:6379"], web.Args);

        var passwords = objects.OfType<V1Secret>().SelectMany(s => s.StringData.Where(p => p.Key == "password").Select(p => p.Value)).ToList();
        Assert.Equal(4, passwords.Distinct().Count());
        Assert.All(passwords, p => Assert.Equal(32, p.Length));
        var notSecrets = ManifestRenderer.ToYaml(objects.Where(o => o is not V1Secret));
        Assert.All(passwords, p => Assert.DoesNotContain(p, notSecrets));
        Assert.DoesNotContain("${resources.", ManifestRenderer.ToYaml(objects));
    }

    [Fact]
    public void AResourceSharedById_RendersOnce_AndEveryWorkloadNamingItReadsTheSameSecret()
    {
        var objects = TestApps.Render(TestApps.Orders, "gantry.yaml");

        Assert.Single(objects.OfType<V1StatefulSet>(), s => s.Spec.Template.Spec.Containers.Single().Image.StartsWith("postgres", StringComparison.Ordinal));
        Assert.Single(objects.OfType<V1Secret>(), s => s.Metadata.Name == "orders-db-credentials");
        var worker = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "worker").Spec.Template.Spec.Containers.Single();
        Assert.Equal("orders-db-credentials", worker.Env.Single(e => e.Name == "PGPASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.Equal("orders-db.orders-prod.svc", objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "worker-main-env").Data["PGHOST"]);
    }

    [Fact]
    public void Passwords_AreTheSameOnEveryRenderWithAKey_OtherWithAnotherKeyOrEnvironment_AndRandomWithout()
    {
        string Password(RenderOptions options) => Secret(TestApps.Render(TestApps.Orders, "gantry.yaml", options), "orders-db").StringData["password"];

        var keyed = new RenderOptions { CredentialsKey = "k1" };
        Assert.Equal(Password(keyed), Password(keyed));
        Assert.NotEqual(Password(keyed), Password(keyed with { CredentialsKey = "k2" }));
        Assert.NotEqual(Password(keyed), Password(keyed with { Environment = "staging" }));
        Assert.NotEqual(Password(new RenderOptions()), Password(new RenderOptions()));
        Assert.Matches("^[A-Za-z0-9]{32}$", Password(keyed));
    }

    [Fact]
    public void WithoutSecrets_TheCredentialsAreLeftOut_AndStillReferredTo()
    {
        var objects = TestApps.Render(TestApps.Orders, "gantry.yaml", new RenderOptions(IncludeSecretValues: false));

        Assert.Empty(objects.OfType<V1Secret>());
        Assert.Equal(4, objects.OfType<V1StatefulSet>().Count());
        Assert.Equal("orders-db-credentials", Server(objects, "orders-db").Env.Single(e => e.Name == "POSTGRES_PASSWORD").ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public void ATypeWithNoKubernetesRendering_IsAnErrorNamingTheTypeAndTheResource()
    {
        var app = TestApps.Load(TestApps.Orders, "gantry.yaml");
        var custom = new ResourceSpec("orders.web.memo", "memcached", "default", null, ["web:memo"], ImmutableDictionary<string, ImmutableArray<string>>.Empty) { Location = "web.yaml:30:3" };

        var error = Assert.Throws<RenderException>(() => ManifestRenderer.Render(app with { Resources = [.. app.Resources, custom] }, new RenderOptions()));

        Assert.Contains("web:memo (web.yaml:30:3): type 'memcached' has no Kubernetes rendering (rendered types: amqp, elasticsearch, kafka-topic, mongodb, mssql, mysql, postgres, redis)", error.Message);
    }

    [Fact]
    public void AParamWithNoKubernetesRendering_IsAnErrorNamingIt()
    {
        var app = TestApps.Load(TestApps.Orders, "gantry.yaml");
        var db = app.Resources.Single(r => r.Type == "postgres");
        var withExtensions = db with { Params = db.Params.Add("extensions", ["vector"]) };

        var error = Assert.Throws<RenderException>(() => ManifestRenderer.Render(app with { Resources = app.Resources.Replace(db, withExtensions) }, new RenderOptions()));

        Assert.Contains("params.extensions of type 'postgres' is not rendered for Kubernetes yet", error.Message);
    }

    [Fact]
    public void AFileReadingTheSecret_IsAnErrorNamingTheFile_WhileHostAndPortAreWrittenIn()
    {
        var app = TestApps.Load(TestApps.Orders, "gantry.yaml");
        AppSpec WithFile(string content) => app with
        {
            Workloads = [.. app.Workloads.Select(w => w.Name != "web" ? w : w with
            {
                Containers = [.. w.Containers.Select(c => c with { Files = [new FileSpec("/etc/app.conf", null, content, null, null, false)] })],
            })],
        };

        var rendered = ManifestRenderer.Render(WithFile("db=${resources.db.host}:${resources.db.port}\n"), new RenderOptions());
        Assert.Equal("db=orders-db.orders-prod.svc:5432\n", rendered.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "web-app-files").Data["etc-app.conf"]);

        var error = Assert.Throws<RenderException>(() => ManifestRenderer.Render(WithFile("password=${resources.db.password}"), new RenderOptions()));
        Assert.Contains("web/app file /etc/app.conf: ${resources.db.password} comes from the Secret orders-db-credentials", error.Message);
    }

    [Fact]
    public void EveryRenderedType_GivesTheOutputsOfItsBuiltInDefinition_SecretWhereTheyAreSecret()
    {
        var operators = RenderOptions.KnownOperators.ToHashSet();
        foreach (var definition in ProvisionerFiles.LoadBuiltIn().Definitions.Where(d => ClusterServices.Find(d.Type) is not null))
        {
            foreach (var service in new[] { ClusterServices.Find(definition.Type)!, ClusterServices.Find(definition.Type, operators)! })
            {
                Assert.Equal(
                    definition.Outputs.Select(o => (o.Name, o.Secret)).Order(),
                    service.Outputs.Select(o => (o.Name, service.IsSecret(o))).Order());
            }
        }

        // Types without a built-in definition are still known to the render, with their outputs.
        var amqp = ClusterCatalog.LoadOptions.Provisioners.Find("amqp", null);
        Assert.NotNull(amqp);
        Assert.Equal(["password"], amqp.SecretOutputs);
    }

    [Fact]
    public void WithOperators_PostgresIsACloudNativePgCluster_AndAmqpARabbitmqCluster_ReadTheSameWay()
    {
        var options = new RenderOptions { CredentialsKey = TestApps.CredentialsKey, Operators = new HashSet<string> { "cloudnative-pg", "rabbitmq" } };
        var objects = TestApps.Render(TestApps.Orders, "gantry.yaml", options);

        // Gantry's own StatefulSets remain only for the types no operator runs here.
        Assert.Equal(["web-cache", "worker-reports"], objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name));
        var custom = objects.OfType<CustomObject>().ToDictionary(o => o.Kind);
        var cluster = custom["Cluster"];
        Assert.Equal(("postgresql.cnpg.io/v1", "orders-db", "orders-prod"), (cluster.ApiVersion, cluster.Metadata.Name, cluster.Metadata.NamespaceProperty));
        var initdb = (IDictionary<string, object>)((IDictionary<string, object>)cluster.Spec["bootstrap"])["initdb"];
        Assert.Equal(("orders_db", "orders_db", "orders-db-credentials"), ((string)initdb["database"], (string)initdb["owner"], (string)((IDictionary<string, object>)initdb["secret"])["name"]));

        // The operator reads the owner from a basic-auth Secret; its username is the owner.
        var secret = Secret(objects, "orders-db");
        Assert.Equal("kubernetes.io/basic-auth", secret.Type);
        Assert.Equal("orders_db", secret.StringData["username"]);

        // The app reaches the primary through the operator's -rw Service, and RabbitMQ through the operator's Secret.
        Assert.Equal("orders-db-rw.orders-prod.svc", objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "web-app-env").Data["DB_HOST"]);
        Assert.Equal(("rabbitmq.com/v1beta1", "web-queue"), (custom["RabbitmqCluster"].ApiVersion, custom["RabbitmqCluster"].Metadata.Name));
        var web = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "web").Spec.Template.Spec.Containers.Single();
        Assert.Equal("web-queue-default-user", web.Env.Single(e => e.Name == "GANTRY_WEB_QUEUE_PASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.DoesNotContain(objects.OfType<V1Secret>(), s => s.Metadata.Name.StartsWith("web-queue", StringComparison.Ordinal));
        Assert.Contains("@web-queue.orders-prod.svc:5672//", web.Env.Single(e => e.Name == "AMQP_URL").Value);
    }

    [Fact]
    public void TheContainerOnlyTypes_RenderTheirOfficialImages_WithConnectionStringsThatReadTheSecret_AndClaimsTheirUsersCanWrite()
    {
        var objects = TestApps.Render(TestApps.Catalog, "gantry.yaml");

        var sets = objects.OfType<V1StatefulSet>().ToDictionary(s => s.Metadata.Name);
        Assert.Equal("mongo:8", sets["web-docs"].Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal("apache/kafka:4.0.0", sets["web-events"].Spec.Template.Spec.Containers.Single().Image);
        Assert.StartsWith("docker.elastic.co/elasticsearch/elasticsearch:", sets["web-search"].Spec.Template.Spec.Containers.Single().Image);
        Assert.StartsWith("mcr.microsoft.com/mssql/server:", sets["web-ledger"].Spec.Template.Spec.Containers.Single().Image);

        // Servers that run as a user of their own get their claim's files through the pod's group.
        Assert.Null(sets["web-docs"].Spec.Template.Spec.SecurityContext);
        Assert.Equal(1000, sets["web-events"].Spec.Template.Spec.SecurityContext.FsGroup);
        Assert.Equal(1000, sets["web-search"].Spec.Template.Spec.SecurityContext.FsGroup);
        Assert.Equal(10001, sets["web-ledger"].Spec.Template.Spec.SecurityContext.FsGroup);

        // Kafka advertises its Service's name, and keeps its logs below the claim's lost+found.
        var kafka = sets["web-events"].Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("PLAINTEXT://web-events.catalog-prod.svc:9092", kafka["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Equal("/var/lib/kafka/data/logs", kafka["KAFKA_LOG_DIRS"]);

        // SQL Server makes the resource's database, named by the Secret, once it answers; sa's password meets its rules.
        var mssql = sets["web-ledger"].Spec.Template.Spec.Containers.Single();
        Assert.Contains("CREATE DATABASE [$GANTRY_DATABASE]", mssql.Lifecycle.PostStart.Exec.Command[2]);
        Assert.Equal("database", mssql.Env.Single(e => e.Name == "GANTRY_DATABASE").ValueFrom.SecretKeyRef.Key);
        Assert.EndsWith("Aa1", Secret(objects, "web-ledger").StringData["password"]);

        // Connection strings are composed in the pod from the Secret's keys; no password is written in them or in a ConfigMap.
        var app = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
        var env = app.Env.ToDictionary(e => e.Name);
        Assert.Equal("mongodb://$(GANTRY_WEB_DOCS_USERNAME):$(GANTRY_WEB_DOCS_PASSWORD)@web-docs.catalog-prod.svc:27017/$(GANTRY_WEB_DOCS_DATABASE)?authSource=admin", env["MONGO_URL"].Value);
        Assert.Equal("password", env["GANTRY_WEB_DOCS_PASSWORD"].ValueFrom.SecretKeyRef.Key);
        Assert.Contains("Password=$(GANTRY_WEB_LEDGER_PASSWORD);", env["SQL"].Value);
        Assert.Equal("web-search-credentials", env["ES_PASSWORD"].ValueFrom.SecretKeyRef.Name);
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "web-app-env").Data;
        Assert.Equal("elastic", config["ES_USER"]);
        Assert.Equal("3", config["KAFKA_PARTITIONS"]);
        foreach (var secret in objects.OfType<V1Secret>().SelectMany(s => s.StringData.Values).Where(v => v.Length >= 32))
        {
            Assert.DoesNotContain(objects.OfType<V1ConfigMap>(), c => c.Data.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(app.Env, e => e.Value?.Contains(secret, StringComparison.Ordinal) == true);
        }
    }

    private static V1Container Server(IReadOnlyList<object> objects, string name) =>
        objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == name).Spec.Template.Spec.Containers.Single();

    private static V1Secret Secret(IReadOnlyList<object> objects, string name) =>
        objects.OfType<V1Secret>().Single(s => s.Metadata.Name == $"{name}-credentials");
}
