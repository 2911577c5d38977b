using Gantry.AppModel.Loading;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Tests.Score;

public sealed class ScoreParserTests
{
    private static readonly string FullSample = TestApp.CorpusFolder("valid", "score-full");

    [Fact]
    public void Parse_WhenDocumentIsTheFullScoreSample_ReportsNoErrors()
    {
        var errors = new ErrorList();

        var workload = ScoreParser.Parse(File.ReadAllText(Path.Combine(FullSample, "score.yaml")), errors.For("score.yaml"));

        Assert.Empty(errors.ToImmutable());
        Assert.NotNull(workload);
        Assert.Equal("example-workload-name123", workload.Name);
        Assert.Equal(["container-one1", "container-two2"], workload.Containers.Select(c => c.Name));
        Assert.Equal<PortSpec>([new PortSpec("port-one", 1000, 10000, "TCP"), new PortSpec("port-two2", 8000, 8000, "TCP")], workload.Ports);
        Assert.Equal(["resource-one1", "resource-two2", "resource-three"], workload.Resources.Select(r => r.Name));
        Assert.Equal("shared-type-three", workload.Resources[2].Id);
        Assert.Equal("something else", workload.Annotations["prefix.com/Another-Key_Annotation.2"]);

        var one = workload.Containers[0];
        Assert.Equal(new ResourcesSpec(new ResourceAmounts("0.24", "128M"), new ResourceAmounts("1000m", "10Gi")), one.Resources);
        Assert.Equal(3, one.Files.Length);
        var volume = one.Volumes[0];
        Assert.Equal(("/mnt/something", "volume-name", "/sub/path", false), (volume.Target, volume.Source.Value, volume.Path, volume.ReadOnly));
        var liveness = one.LivenessProbe!;
        Assert.Equal((8080, "/livez", "HTTP"), (liveness.HttpGet!.Port, liveness.HttpGet.Path, liveness.HttpGet.Scheme));
        Assert.Equal<string>(["/bin/curl", "-f", "http://localhost:8080/livez"], liveness.Exec);
        var readiness = one.ReadinessProbe!.HttpGet!;
        Assert.Equal("127.0.0.1", readiness.Host);
        Assert.Equal(new HttpHeaderSpec("SOME_HEADER", "some-value-here"), Assert.Single(readiness.Headers));
    }

    [Fact]
    public void Load_WhenScoreIsTheFullSample_ReportsOnlyItsUnsupportedResourceTypesAndUnprovisionedVolumes()
    {
        var result = AppLoader.Load(new DirectoryAppFiles(FullSample), "score.yaml");

        // Its volumes name engine volumes directly; Gantry provisions volumes through 'volume' resources only.
        Assert.Equal(
            [
                "score.yaml:41:17: containers.container-one1.volumes./mnt/something.source: volume source 'volume-name' is not a volume resource of this workload; the workload declares no volume resource; add one (resources: NAME: {type: volume}) and use ${resources.NAME}",
                "score.yaml:45:17: containers.container-one1.volumes./mnt/something-else.source: volume source 'volume-two' is not a volume resource of this workload; the workload declares no volume resource; add one (resources: NAME: {type: volume}) and use ${resources.NAME}",
                "score.yaml:73:11: resources.resource-one1.type: resource type 'Resource-One' has no provisioner on this platform; types: route, dns, volume, environment, service-port, s3; a platform adds one with a definition file in DATA/provisioners/ (docs/provisioners.md)",
                "score.yaml:79:11: resources.resource-two2.type: resource type 'Resource-Two' has no provisioner on this platform; types: route, dns, volume, environment, service-port, s3; a platform adds one with a definition file in DATA/provisioners/ (docs/provisioners.md)",
                "score.yaml:81:11: resources.resource-three.type: resource type 'Type-Three' has no provisioner on this platform; types: route, dns, volume, environment, service-port, s3; a platform adds one with a definition file in DATA/provisioners/ (docs/provisioners.md)",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("    variables:\n      \"A=B\": x\n", "containers.app.variables.A=B", "must not be empty or contain '='")]
    [InlineData("    files:\n      /etc/x:\n        target: /etc/x\n        content: x\n", "containers.app.files./etc/x.target", "deprecated list form")]
    [InlineData("    files:\n      /etc/x:\n        mode: \"999\"\n        content: x\n", "containers.app.files./etc/x.mode", "octal")]
    [InlineData("    files:\n      /etc/x:\n        mode: \"0644\"\n", "containers.app.files./etc/x", "needs one of content, binaryContent or source")]
    [InlineData("    before:\n      db:\n        ready: done\n", "containers.app.before.db.ready", "started, healthy, complete")]
    [InlineData("    livenessProbe:\n      exec: {}\n", "containers.app.livenessProbe.exec.command", "missing required field")]
    [InlineData("    livenessProbe:\n      httpGet: { path: /, port: 80, scheme: http }\n", "containers.app.livenessProbe.httpGet.scheme", "did you mean 'HTTP'?")]
    [InlineData("    livenessProbe:\n      httpGet:\n        path: /\n        port: \"80\"\n", "containers.app.livenessProbe.httpGet.port", "remove the quotes")]
    [InlineData("    readinessProbe:\n      httpGet:\n        path: /\n        port: 80\n        httpHeaders:\n          - name: \"bad header\"\n            value: x\n",
        "containers.app.readinessProbe.httpGet.httpHeaders[0].name", "header name")]
    [InlineData("    command: nginx\n", "containers.app.command", "expected a list of strings")]
    [InlineData("    image: \"\"\n", "containers.app.image", "must not be empty")]
    public void Parse_WhenContainerBreaksTheSchema_ReportsTheField(string containerYaml, string field, string message)
    {
        var text = TestApp.Web.Replace("    image: nginx\n", containerYaml.Contains("image:", StringComparison.Ordinal) ? "" : "    image: nginx\n", StringComparison.Ordinal)
            + containerYaml;
        var errors = new ErrorList();

        ScoreParser.Parse(text, errors.For("score.yaml"));

        var all = errors.ToImmutable();
        Assert.Contains(all, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("metadata:\n  name: web\n  annotations:\n    \"-bad\": x\n", "metadata.annotations.-bad")]
    [InlineData("metadata:\n  name: web\nresources:\n  db:\n    type: -postgres\n", "resources.db.type")]
    [InlineData("metadata:\n  name: web\nresources:\n  db:\n    type: postgres\n    id: Not.Valid\n", "resources.db.id")]
    [InlineData("metadata:\n  name: web\nresources:\n  db:\n    type: postgres\n    params: [1]\n", "resources.db.params")]
    [InlineData("metadata:\n  name: web\nservice:\n  ports:\n    HTTP:\n      port: 80\n", "service.ports.HTTP")]
    [InlineData("metadata:\n  name: web\nservice:\n  port: {}\n", "service.port")]
    [InlineData("metadata: web\n", "metadata")]
    public void Parse_WhenWorkloadBreaksTheSchema_ReportsTheField(string yaml, string field)
    {
        var errors = new ErrorList();

        ScoreParser.Parse("apiVersion: score.dev/v1b1\ncontainers:\n  app:\n    image: nginx\n" + yaml, errors.For("score.yaml"));

        Assert.Contains(errors.ToImmutable(), e => e.Field == field);
    }

    [Fact]
    public void Parse_WhenContainersIsEmpty_AsksForOne()
    {
        var errors = new ErrorList();

        ScoreParser.Parse("apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers: {}\n", errors.For("score.yaml"));

        Assert.Equal("score.yaml:4:13: containers: declare at least one container", Assert.Single(errors.ToImmutable()).ToString());
    }
}
