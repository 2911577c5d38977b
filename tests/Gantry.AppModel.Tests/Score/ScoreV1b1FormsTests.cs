using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Score;

/// <summary>
/// Forms the Score v1b1 schema accepts that are easy to refuse by mistake: the deprecated list form of files and
/// volumes (accepted, with a warning at its place), a route's port given by the service port's name, and a route's
/// host taken from a dns resource's output.
/// </summary>
public sealed class ScoreV1b1FormsTests
{
    private static AppLoadResult Load(string score) => TestApp.Load("score.yaml", ("score.yaml", score));

    [Fact]
    public void TheListFormOfFilesAndVolumes_IsAccepted_WithAWarningAtItsPlace()
    {
        var result = Load("""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            containers:
              app:
                image: nginx
                files:
                  - target: /etc/app.conf
                    mode: "0600"
                    content: "port=80"
                volumes:
                  - source: ${resources.data}
                    target: /data
                    readOnly: true
            resources:
              data:
                type: volume
            """);

        Assert.Empty(result.Errors);
        var container = Assert.Single(Assert.Single(result.App!.Workloads).Containers);
        var file = Assert.Single(container.Files);
        Assert.Equal("/etc/app.conf", file.Target);
        Assert.Equal("0600", file.Mode);
        Assert.Equal("/data", Assert.Single(container.Volumes).Target);
        Assert.Equal(
            ["score.yaml:8:7: containers.app.files: the list form of 'files' is deprecated in Score; write a map from target path to entry, for example 'files: { /path/in/container: { content: ... } }'",
             "score.yaml:12:7: containers.app.volumes: the list form of 'volumes' is deprecated in Score; write a map from target path to entry, for example 'volumes: { /path/in/container: { source: ... } }'"],
            result.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void AListEntryWithoutATarget_IsAnError()
    {
        var errors = Load("""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            containers:
              app:
                image: nginx
                files:
                  - content: x
            """).Errors.Select(e => e.ToString());

        Assert.Contains(errors, e => e.StartsWith("score.yaml:8:9: containers.app.files[0].target:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("web", null)]
    [InlineData("80", null)]
    [InlineData("admin", "score.yaml:20:13: resources.route.params.port: expected a port number between 1 and 65535 or the name of a service port (web, metrics), got 'admin'")]
    public void ARoutesPort_MayBeTheNameOfAServicePort(string port, string? error)
    {
        var result = Load($$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                web: { port: 80, targetPort: 8080 }
                metrics: { port: 9090 }
            containers:
              app:
                image: nginx
            resources:
              dns:
                type: dns
                params: { host: shop.example.com }
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  path: /
                  port: {{port}}
            """);

        if (error is not null)
        {
            Assert.Equal([error], result.Errors.Select(e => e.ToString()));
            return;
        }

        Assert.Empty(result.Errors);
        var route = Assert.Single(Assert.Single(result.App!.Workloads).Routes);
        Assert.Equal(("shop.example.com", 80, 8080), (route.Host, route.Port, route.TargetPort));
    }
}
