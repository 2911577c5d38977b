using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.Loading;

public sealed class AppLoaderTests
{
    [Fact]
    public void Load_WhenEntryIsAScoreFile_ReturnsAOneWorkloadAppNamedAfterIt()
    {
        var result = TestApp.LoadScore("""
            apiVersion: score.dev/v1b1
            metadata:
              name: hello
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              app:
                image: .
                variables:
                  GREETING: Hello
                readinessProbe:
                  httpGet:
                    path: /healthz
                    port: 8080
            resources:
              dns:
                type: dns
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  port: 80
            """);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Empty(result.Errors);
        Assert.Equal("hello", result.App.Name);
        var workload = Assert.Single(result.App.Workloads);
        Assert.Equal("hello", workload.Name);
        Assert.Equal("score.yaml", workload.SourceFile);
        Assert.Null(workload.Replicas);
        Assert.Equal(RolloutSpec.Default, workload.Rollout);
        Assert.Equal(new PortSpec("http", 80, 8080, "TCP"), Assert.Single(workload.Ports));
        Assert.Equal(new RouteSpec("hello.localhost", "/", 80, 8080) { Name = "route" }, Assert.Single(workload.Routes));
        var container = Assert.Single(workload.Containers);
        Assert.Equal("app", container.Name);
        Assert.Equal(".", container.Image);
        Assert.Equal("", container.BuildContext);
        Assert.True(container.BuildsFromSource);
        Assert.Equal("Hello", container.Variables["GREETING"]);
        var http = container.ReadinessProbe?.HttpGet;
        Assert.NotNull(http);
        Assert.Equal((8080, "/healthz", "HTTP", (string?)null), (http.Port, http.Path, http.Scheme, http.Host));
        Assert.Null(container.LivenessProbe);
    }

    [Fact]
    public void Load_WhenGantryFileListsTwoWorkloads_ResolvesBothWithTheirSettings()
    {
        var result = AppLoader.Load(new DirectoryAppFiles(TestApp.CorpusFolder("valid", "two-workloads")), "gantry.yaml");

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("shop", result.App.Name);
        Assert.Equal("gantry.yaml", result.App.EntryFile);
        Assert.Equal(["web/score.yaml", "api/score.yaml", "gantry.yaml"], result.App.DescriptionFiles);
        Assert.Equal(["web", "api"], result.App.Workloads.Select(w => w.Name));
        var (web, api) = (result.App.Workloads[0], result.App.Workloads[1]);

        Assert.Equal("web/score.yaml", web.SourceFile);
        Assert.Equal(2, web.Replicas);
        Assert.Equal(new RolloutSpec(2, 1, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(500)), web.Rollout);
        Assert.Equal("web", web.Containers[0].BuildContext);
        Assert.Equal("http://api-dns.shop.localhost/api", web.Containers[0].Variables["API_URL"]);
        Assert.Equal(new RouteSpec("shop.localhost", "/", 80, 3000) { Name = "route" }, Assert.Single(web.Routes));

        Assert.Equal("api/score.yaml", api.SourceFile);
        Assert.Null(api.Replicas);
        Assert.Equal(RolloutSpec.Default, api.Rollout);
        var server = Assert.Single(api.Containers);
        Assert.Null(server.BuildContext);
        Assert.Equal<string>(["/app/api"], server.Command);
        Assert.Equal<string>(["--name", "api", "--team", "payments"], server.Args);
        Assert.Equal(new FileSpec("/etc/api/settings.json", "0640", null, null, "api/config/settings.json", false), Assert.Single(server.Files));
        Assert.Equal(new RouteSpec("api.shop.test", "/api", 8080, 8080) { Name = "route" }, Assert.Single(api.Routes));
        Assert.Equal("payments", api.Annotations["example.com/team"]);
    }

    [Fact]
    public void Load_WhenOptionalFieldsAreOmitted_AppliesDefaultsAndEmptyCollections()
    {
        var result = TestApp.Load("gantry.yaml", ("gantry.yaml", "name: hello\nworkloads:\n  - score: score.yaml\n"), ("score.yaml", TestApp.Web));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var workload = Assert.Single(result.App.Workloads);
        Assert.Null(workload.Replicas);
        Assert.Equal(RolloutSpec.Default, workload.Rollout);
        Assert.False(workload.Ports.IsDefault);
        Assert.Empty(workload.Ports);
        Assert.False(workload.Routes.IsDefault);
        Assert.Empty(workload.Annotations);
        var container = Assert.Single(workload.Containers);
        Assert.Null(container.BuildContext);
        Assert.False(container.Command.IsDefault);
        Assert.False(container.Args.IsDefault);
        Assert.False(container.Files.IsDefault);
        Assert.False(container.Volumes.IsDefault);
        Assert.Empty(container.Variables);
        Assert.Null(container.Resources);
    }

    [Fact]
    public void Load_WhenPortOmitsProtocolAndTargetPort_UsesTcpAndThePort()
    {
        var result = TestApp.LoadScore(TestApp.Web + "service:\n  ports:\n    web:\n      port: 8080\n");

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal(new PortSpec("web", 8080, 8080, "TCP"), Assert.Single(result.App.Workloads[0].Ports));
    }

    [Fact]
    public void Load_WhenDnsResourcesHaveNoHost_GivesTheFirstTheAppHostAndLaterOnesTheirNamePrefixed()
    {
        var result = TestApp.LoadScore(TestApp.Web + """
            resources:
              main:
                type: dns
              admin:
                type: dns
              custom:
                type: dns
                params:
                  host: web.example.com
              r1:
                type: route
                params: { host: "${resources.main.host}", port: 80 }
              r2:
                type: route
                params: { host: "${resources.admin.host}", port: 80 }
              r3:
                type: route
                params: { host: "${resources.custom.host}", port: 80 }
            service:
              ports:
                http: { port: 80 }
            """);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal(["web.localhost", "admin.web.localhost", "web.example.com"], result.App.Workloads[0].Routes.Select(r => r.Host));
    }

    [Fact]
    public void Load_WhenPlaceholdersAreUsed_ExpandsThemInVariablesCommandArgsAndFileContent()
    {
        var result = TestApp.LoadScore("""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
              annotations:
                team: core
              owner:
                email: ops@example.com
            containers:
              app:
                image: nginx
                command: ["/bin/${metadata.name}"]
                args: ["--host=${resources.dns.host}", "--owner=${metadata.owner.email}"]
                variables:
                  TEAM: ${metadata.annotations.team}
                  LITERAL: cost is $$5 and $${not.a.placeholder}
                files:
                  /etc/expanded.conf:
                    content: host=${resources.dns.host}
                  /etc/raw.conf:
                    content: host=${resources.dns.host}
                    noExpand: true
            resources:
              dns:
                type: dns
            """);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var container = result.App.Workloads[0].Containers[0];
        Assert.Equal<string>(["/bin/web"], container.Command);
        Assert.Equal<string>(["--host=web.localhost", "--owner=ops@example.com"], container.Args);
        Assert.Equal("core", container.Variables["TEAM"]);
        Assert.Equal("cost is $$5 and ${not.a.placeholder}", container.Variables["LITERAL"]);
        Assert.Equal("host=web.localhost", container.Files.Single(f => f.Target == "/etc/expanded.conf").Content);
        var raw = container.Files.Single(f => f.Target == "/etc/raw.conf");
        Assert.Equal("host=${resources.dns.host}", raw.Content);
        Assert.True(raw.NoExpand);
    }

    [Fact]
    public void Load_WhenDnsHostUsesAPlaceholder_ExpandsItBeforeTheRouteUsesIt()
    {
        var result = TestApp.LoadScore(TestApp.Web + """
            service:
              ports:
                http: { port: 80 }
            resources:
              dns:
                type: dns
                params:
                  host: ${metadata.name}.example.com
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  path: /app
                  port: 80
            """);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal(new RouteSpec("web.example.com", "/app", 80, 80) { Name = "route" }, Assert.Single(result.App.Workloads[0].Routes));
    }

    [Fact]
    public void Load_WhenDnsHostRefersToItself_ReportsTheCycle()
    {
        var result = TestApp.LoadScore(TestApp.Web + "resources:\n  dns:\n    type: dns\n    params:\n      host: a.${resources.dns.host}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("score.yaml", 11, 13, "resources.dns.params.host"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains("refers to its own output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenImageIsDotInASubfolder_BuildsFromThatFolder()
    {
        var score = TestApp.Web.Replace("image: nginx", "image: .", StringComparison.Ordinal);
        var result = TestApp.Load("apps/gantry.yaml",
            ("apps/gantry.yaml", "name: hello\nworkloads:\n  - score: web/score.yaml\n"),
            ("apps/web/score.yaml", score));

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("apps/web", result.App.Workloads[0].Containers[0].BuildContext);
        Assert.Equal("apps/web/score.yaml", result.App.Workloads[0].SourceFile);
    }

    [Fact]
    public void Load_WhenSeveralThingsAreWrongInSeveralFiles_ReportsEveryOne()
    {
        var result = TestApp.Load("gantry.yaml",
            ("gantry.yaml", "name: Hello\nworkloads:\n  - score: a.yaml\n    replicas: 500\n  - score: b.yaml\n"),
            ("a.yaml", "apiVersion: score.dev/v1b1\nmetadata:\n  name: alpha\ncontainers:\n  app:\n    imagee: nginx\n"),
            ("b.yaml", "apiVersion: score.dev/v1b1\nmetadata:\n  name: beta\ncontainers:\n  app:\n    image: nginx\n    variables:\n      X: ${nope}\n"));

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "gantry.yaml:1:7: name",
                "gantry.yaml:4:15: workloads[0].replicas",
                "a.yaml:6:5: containers.app.imagee",
                "b.yaml:8:10: containers.app.variables.X",
            ],
            result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Field}"));
    }

    [Fact]
    public void Load_WhenFieldIsMisspelled_SuggestsTheKnownField()
    {
        var result = TestApp.LoadScore(TestApp.Web + "    readinesProbe:\n      exec:\n        command: [\"true\"]\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("score.yaml:7:5: containers.app.readinesProbe: unknown field 'readinesProbe'; did you mean 'readinessProbe'?", error.ToString());
    }

    [Theory]
    [InlineData("../score.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/score.yaml")]
    [InlineData("")]
    public void Load_WhenEntryPathIsNotInsideTheApp_ReportsAnErrorInsteadOfThrowing(string entry)
    {
        var result = TestApp.Load(entry, ("score.yaml", TestApp.Web));

        var error = Assert.Single(result.Errors);
        Assert.Equal((entry, 1, 1), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void Load_WhenEntryFileIsMissing_SaysSo()
    {
        var result = TestApp.Load("gantry.yaml", ("score.yaml", TestApp.Web));

        Assert.Equal("gantry.yaml:1:1: file 'gantry.yaml' not found", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_WhenEntryIsTheHelloSample_LoadsIt()
    {
        var result = AppLoader.Load(new DirectoryAppFiles(Path.Combine(TestApp.RepositoryRoot(), "samples", "hello")), "gantry.yaml");

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal(new RouteSpec("hello.localhost", "/", 80, 8080) { Name = "route" }, Assert.Single(result.App.Workloads[0].Routes));
    }
}
