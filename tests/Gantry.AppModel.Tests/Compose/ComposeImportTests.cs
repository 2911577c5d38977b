using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.Compose;

/// <summary>A compose file given as the app's entry: imported in memory and loaded like the gantry.yaml it becomes.</summary>
public sealed class ComposeImportTests
{
    private static AppLoadResult Load(string compose, params (string Path, string Text)[] more) =>
        AppLoader.Load(new InMemoryAppFiles(more.Append((Path: "compose.yaml", Text: compose)).ToDictionary(f => f.Path, f => f.Text)), "compose.yaml");

    private static WorkloadSpec Workload(AppLoadResult result, string name)
    {
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.App.Workloads.Single(w => w.Name == name);
    }

    [Fact]
    public void Services_BecomeWorkloads_WithImageCommandVariablesAndARouteForThePublishedPort()
    {
        var result = Load("""
            name: Shop_App
            services:
              web:
                image: nginx:1.27
                entrypoint: ["/docker-entrypoint.sh"]
                command: nginx -g 'daemon off;'
                environment:
                  GREETING: hello
                  COUNT: 3
                ports: ["8080:80", "127.0.0.1:8443:443"]
            """);

        var web = Workload(result, "web");
        Assert.Equal("shop-app", result.App!.Name);
        var container = web.Containers.Single();
        Assert.Equal("nginx:1.27", container.Image);
        Assert.Equal(["/docker-entrypoint.sh"], container.Command.ToArray());
        Assert.Equal(["nginx", "-g", "daemon off;"], container.Args.ToArray());
        Assert.Equal("3", container.Variables["COUNT"]);
        var route = Assert.Single(web.Routes);
        Assert.Equal(("shop-app.localhost", "/", 80), (route.Host, route.Path, route.TargetPort));
        Assert.Equal([80, 443], web.Ports.Select(p => p.TargetPort).Order());
        Assert.Contains(result.Warnings, w => w.Field == "services.web.ports[1]" && w.Message.Contains("one HTTP port per service"));
    }

    [Fact]
    public void Interpolation_TakesTheDotEnvFile_DefaultsAndEscapes_AndAScoreLookingValueStaysLiteral()
    {
        var result = Load("""
            name: app
            services:
              api:
                image: "ghcr.io/acme/api:${TAG:-1.0}"
                environment:
                  A: "${FROM_ENV}"
                  B: "${MISSING:-fallback}"
                  C: "$${NOT_A_VARIABLE}"
                  D: "${SET:+yes}"
                  E: $FROM_ENV/x
            """, (".env", "FROM_ENV=from-dotenv # comment\nSET=1\nexport TAG=\"2.0\"\n"));

        var api = Workload(result, "api").Containers.Single();
        Assert.Equal("ghcr.io/acme/api:2.0", api.Image);
        Assert.Equal("from-dotenv", api.Variables["A"]);
        Assert.Equal("fallback", api.Variables["B"]);
        Assert.Equal("${NOT_A_VARIABLE}", api.Variables["C"]);
        Assert.Equal("yes", api.Variables["D"]);
        Assert.Equal("from-dotenv/x", api.Variables["E"]);
    }

    [Fact]
    public void ARequiredVariableThatIsNotSet_IsAnErrorAtItsLine_WithTheFilesMessage()
    {
        var result = Load("""
            name: app
            services:
              api:
                image: nginx
                environment:
                  KEY: ${SECRET_KEY:?set a secret key}
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("compose.yaml", 6, 12, "services.api.environment.KEY"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("SECRET_KEY is required: set a secret key", error.Message);
    }

    [Fact]
    public void MergeKeys_FromXExtensions_AreMerged_AndExplicitKeysWin()
    {
        var result = Load("""
            name: app
            x-common: &common
              image: redis:7
              environment: &env
                LEVEL: info
                SHARED: "yes"
            services:
              first:
                <<: *common
              second:
                <<: *common
                environment:
                  <<: *env
                  LEVEL: debug
            """);

        Assert.Equal("redis:7", Workload(result, "first").Containers[0].Image);
        var second = Workload(result, "second").Containers[0].Variables;
        Assert.Equal(("debug", "yes"), (second["LEVEL"], second["SHARED"]));
    }

    [Fact]
    public void ServiceNamesInVariables_AreRewiredToServicePorts_AndAPlainValueIsNot()
    {
        var result = Load("""
            name: app
            services:
              api:
                image: ghcr.io/acme/api:1
                environment:
                  DATABASE_URL: postgres://app:secret@db:5432/app
                  REDIS_HOST: cache
                  DB_USER: db
              db:
                image: postgres:16
              cache:
                image: valkey/valkey:8
            """);

        var api = Workload(result, "api");
        // Loaded without a platform, service-port outputs stay placeholders: where they lead is the platform's to say.
        Assert.Equal("postgres://app:secret@${resources.db.hostname}:${resources.db.port}/app", api.Containers[0].Variables["DATABASE_URL"]);
        Assert.Equal("${resources.cache.hostname}", api.Containers[0].Variables["REDIS_HOST"]);
        Assert.Equal("db", api.Containers[0].Variables["DB_USER"]);
        Assert.Contains(Workload(result, "db").Ports, p => p.Port == 5432);
        Assert.Contains(Workload(result, "cache").Ports, p => p.Port == 6379);
        Assert.Empty(Workload(result, "db").Routes);
    }

    [Fact]
    public void ServiceNamesInConnectionStringsAndLists_AreRewiredToo_ButAKeyThatIsNoHostIsNot()
    {
        var result = Load("""
            name: app
            services:
              api:
                image: ghcr.io/acme/api:1
                environment:
                  PG_DSN: host=db port=5432 dbname=db
                  SQLSERVER: Server=db;Database=app
                  BROKERS: kafka:9092,kafka:9093
                  SCHEMAS: public,db
              db:
                image: postgres:16
              kafka:
                image: apache/kafka:3.8
            """);

        var variables = Workload(result, "api").Containers[0].Variables;
        Assert.Equal("host=${resources.db.hostname} port=5432 dbname=db", variables["PG_DSN"]);
        Assert.Equal("Server=${resources.db.hostname};Database=app", variables["SQLSERVER"]);
        Assert.Equal("${resources.kafka.hostname}:${resources.kafka.port},${resources.kafka-9093.hostname}:${resources.kafka-9093.port}", variables["BROKERS"]);
        Assert.Equal("public,db", variables["SCHEMAS"]);
    }

    [Fact]
    public void Volumes_NamedShareOneVolume_AFileBecomesAScoreFile_AHostPathIsRefusedWithTheReason()
    {
        var ok = Load("""
            name: app
            services:
              one:
                image: nginx
                volumes: ["data:/srv/data", "./nginx.conf:/etc/nginx/nginx.conf:ro", "/etc/localtime:/etc/localtime:ro"]
              two:
                image: nginx
                volumes: [{ type: volume, source: data, target: /data, read_only: true }]
            volumes:
              data:
            """, ("nginx.conf", "events {}"));

        var a = Workload(ok, "one").Containers[0];
        var b = Workload(ok, "two").Containers[0];
        Assert.Equal(a.Volumes.Single().Source, b.Volumes.Single().Source);
        Assert.True(b.Volumes.Single().ReadOnly);
        Assert.Equal("nginx.conf", a.Files.Single(f => f.Target == "/etc/nginx/nginx.conf").Source);
        Assert.Contains(ok.Warnings, w => w.Field == "services.one.volumes[2]" && w.Message.Contains("UTC"));

        var refused = Load("""
            name: app
            services:
              one:
                image: nginx
                volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/srv/www:/usr/share/nginx/html", "undeclared:/x"]
            """);

        Assert.Equal(["services.one.volumes[0]", "services.one.volumes[1]", "services.one.volumes[2]"], refused.Errors.Select(e => e.Field));
        Assert.Contains("socket", refused.Errors[0].Message);
        Assert.Contains("outside the app", refused.Errors[1].Message);
        Assert.Contains("not declared", refused.Errors[2].Message);
    }

    [Fact]
    public void Healthchecks_ACurlOfLocalhostIsAnHttpProbe_AnyOtherTestAnExecProbe()
    {
        var result = Load("""
            name: app
            services:
              web:
                image: nginx
                healthcheck:
                  test: ["CMD-SHELL", "curl -fsS http://localhost:8080/healthz"]
                  interval: 5s
              db:
                image: postgres:16
                healthcheck:
                  test: ["CMD", "pg_isready", "-U", "app"]
            """);

        Assert.Equal((8080, "/healthz"), (Workload(result, "web").Containers[0].ReadinessProbe!.HttpGet!.Port, Workload(result, "web").Containers[0].ReadinessProbe!.HttpGet!.Path));
        Assert.Equal(["pg_isready", "-U", "app"], Workload(result, "db").Containers[0].ReadinessProbe!.Exec.ToArray());
        Assert.Contains(result.Warnings, w => w.Field == "services.web.healthcheck.interval");
    }

    [Fact]
    public void Build_BecomesGantryYamlBuild_WithDockerfileTargetAndArgs()
    {
        var result = Load("""
            name: app
            services:
              api:
                build:
                  context: ./backend
                  dockerfile: Dockerfile.prod
                  target: runtime
                  args: ["VERSION=1.2", "BARE"]
            """, ("backend/Dockerfile.prod", "FROM scratch"));

        var api = Workload(result, "api").Containers[0];
        Assert.Equal("backend", api.BuildContext);
        Assert.Equal(new BuildSpec("backend", "Dockerfile.prod", "runtime", api.Build!.Args), api.Build);
        Assert.Equal("1.2", api.Build.Args["VERSION"]);
        Assert.False(api.Build.Args.ContainsKey("BARE"));
    }

    [Fact]
    public void DependsOn_BecomesDependsOn_HealthyForServiceHealthy_AndACompletedTaskIsApproximated()
    {
        var result = Load("""
            name: app
            services:
              api:
                image: nginx
                depends_on:
                  db: { condition: service_healthy }
                  migrate: { condition: service_completed_successfully }
                  cache:
              db:
                image: postgres:16
              migrate:
                image: busybox
              cache:
                image: redis
            """);

        Assert.Equal(
            [new WorkloadDependency("db", "healthy"), new WorkloadDependency("migrate", "started"), new WorkloadDependency("cache", "started")],
            Workload(result, "api").DependsOn.ToArray());
        Assert.Contains(result.Warnings, w => w.Field == "services.api.depends_on.migrate" && w.Message.Contains("not a one-shot task"));
    }

    [Fact]
    public void Provision_TurnsAPostgresServiceIntoAResource_AndItsUrlUserAndPasswordIntoTheResourcesOutputs()
    {
        const string Compose = """
            name: app
            services:
              api:
                image: ghcr.io/acme/api:1
                environment:
                  DATABASE_URL: postgres://app:s3cret@db:5432/appdb?sslmode=disable
                  DB_HOST: db
                  DB_PASSWORD: s3cret
                  DB_USER: app
                depends_on:
                  db: { condition: service_healthy }
              db:
                image: postgres:16-alpine
                environment:
                  POSTGRES_USER: app
                  POSTGRES_PASSWORD: s3cret
                  POSTGRES_DB: appdb
                volumes: ["pgdata:/var/lib/postgresql/data"]
            volumes:
              pgdata:
            """;
        var files = new InMemoryAppFiles(new Dictionary<string, string> { ["compose.yaml"] = Compose });
        var catalog = Gantry.AppModel.Provisioners.ProvisionerCatalog.Create(
            Gantry.AppModel.Provisioners.ProvisionerFiles.LoadBuiltIn(), Gantry.AppModel.Provisioners.ProvisionerLoadResult.Empty);

        var result = AppLoader.Load(files, "compose.yaml", AppLoadOptions.Local with { Provisioners = catalog, Compose = new ComposeImportOptions(Provision: true) });

        var api = Workload(result, "api");
        Assert.Equal(["api"], result.App!.Workloads.Select(w => w.Name));
        Assert.Equal("postgres", Assert.Single(result.App.Resources).Type);
        Assert.Empty(api.DependsOn);
        var variables = api.Containers[0].Variables;
        Assert.Equal("postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.database}?sslmode=disable", variables["DATABASE_URL"]);
        Assert.Equal(("${resources.db.host}", "${resources.db.password}", "${resources.db.username}"), (variables["DB_HOST"], variables["DB_PASSWORD"], variables["DB_USER"]));
        Assert.Contains(result.Warnings, w => w.Field == "services.db" && w.Message.Contains("a postgres resource of api instead of a workload"));
    }

    [Fact]
    public void ABuildsContainerfileOutsideItsFolder_IsRefused_ForTheEngineBuildsFromTheFolderAlone()
    {
        var result = Load("""
            name: app
            services:
              api:
                build: { context: ./backend, dockerfile: ../docker/Dockerfile }
            """, ("backend/main.go", "package main"), ("docker/Dockerfile", "FROM scratch"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("compose.yaml", 4, 46, "services.api.build.dockerfile"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("not a file in the build folder", error.Message);
    }

    [Fact]
    public void Profiles_LeaveServicesOut_UnlessSelected()
    {
        const string Compose = """
            name: app
            services:
              web:
                image: nginx
              debug:
                image: busybox
                profiles: [tools]
            """;
        var files = new InMemoryAppFiles(new Dictionary<string, string> { ["compose.yaml"] = Compose });

        var plain = AppLoader.Load(files, "compose.yaml");
        var withTools = AppLoader.Load(files, "compose.yaml", AppLoadOptions.Local with { Compose = new ComposeImportOptions { Profiles = ["tools"] } });

        Assert.Equal(["web"], plain.App!.Workloads.Select(w => w.Name));
        Assert.Contains(plain.Warnings, w => w.Field == "services.debug" && w.Message.Contains("--profile tools"));
        Assert.Equal(["web", "debug"], withTools.App!.Workloads.Select(w => w.Name));
    }

    [Fact]
    public void UnknownAndUnsupportedKeys_AreReportedPerField_KeysThatCanGo_AsLeftOut()
    {
        var result = Load("""
            name: app
            services:
              web:
                image: nginx
                imag: typo
                network_mode: host
                extends: { service: base }
                x-custom: ignored
            x-top: ignored
            include: [other.yaml]
            """);

        Assert.Equal(["services.web.imag", "services.web.extends", "include"], result.Errors.Select(e => e.Field));
        Assert.Contains("did you mean 'image'", result.Errors[0].Message);
        Assert.Contains("compose.yaml:6:5: services.web.network_mode: not supported by Gantry (instances join Gantry's network; other workloads reach them through service ports)",
            result.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void WithoutAName_TheOptionsNameIt_ElseItIsAnError()
    {
        const string Compose = "services:\n  web:\n    image: nginx\n";
        var files = new InMemoryAppFiles(new Dictionary<string, string> { ["compose.yaml"] = Compose });

        var unnamed = AppLoader.Load(files, "compose.yaml");
        var named = AppLoader.Load(files, "compose.yaml", AppLoadOptions.Local with { Compose = new ComposeImportOptions("my-app") });

        Assert.Equal("name", Assert.Single(unnamed.Errors).Field);
        Assert.Equal("my-app", named.App!.Name);
        Assert.Equal("compose.yaml", named.App.EntryFile);
    }
}
