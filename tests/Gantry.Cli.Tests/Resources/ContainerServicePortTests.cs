using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>service-port resources on the container runtime: a workload calls another by its alias on the installation's network.</summary>
public sealed class ContainerServicePortTests() : ContainerGantryTest("gantry-csvcport")
{
    // api serves a page; web fetches API_URL every half second into a page of its own, so the test reads what web got.
    private const string ApiStart = """
        #!/bin/sh
        mkdir -p /www && echo "api-says-hi" > /www/index.html
        trap 'exit 0' TERM
        httpd -f -p 8080 -h /www & wait
        """;

    private const string WebStart = """
        #!/bin/sh
        mkdir -p /www && echo "$API_URL" > /www/url.txt && echo "not yet" > /www/called.txt && echo ok > /www/index.html
        trap 'exit 0' TERM
        httpd -f -p 8080 -h /www &
        # The image links the usual tools only; wget and mv are busybox's own.
        while true; do busybox wget -q -O /www/next.txt "$API_URL" && busybox mv /www/next.txt /www/called.txt; sleep 0.5; done & wait
        """;

    [Fact]
    public async Task AWorkload_CallsAnother_ByItsNameOnTheNetwork_OnThePortItsContainerListensOn()
    {
        // Each workload in a folder of its own: its Containerfile next to its Score file.
        var directory = Temp.Combine("apps", "duo");
        foreach (var (name, script, extra) in new[] { ("api", ApiStart, ""), ("web", WebStart, Web) })
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            File.WriteAllText(Path.Combine(folder, "start.sh"), script.Replace("\r\n", "\n", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(folder, "Containerfile"), $"FROM {TestImages.Busybox}\nCOPY start.sh /start.sh\nCMD [\"/bin/sh\", \"/start.sh\"]\n");
            File.WriteAllText(Path.Combine(folder, "score.yaml"), $$"""
                apiVersion: score.dev/v1b1
                metadata:
                  name: {{name}}
                service:
                  ports:
                    http: { port: 80, targetPort: 8080 }
                containers:
                  main:
                    image: .
                    readinessProbe:
                      httpGet: { path: /, port: 8080 }
                {{extra}}
                """);
        }

        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), """
            name: duo
            workloads:
              - score: api/score.yaml
              - score: web/score.yaml
            """);
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(directory, "gantry.yaml"), "--wait", "--timeout", "3m");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");

        Assert.Equal("200 http://api.duo:8080/\n", await GetTextAsync("duo.localhost", "/url.txt"));
        var called = await Eventually.UntilAsync(
            () => GetTextAsync("duo.localhost", "/called.txt"), text => text.Contains("api-says-hi", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "web to reach api");
        Assert.Equal("200 api-says-hi\n", called);
    }

    private const string Web = """
            variables:
              API_URL: http://${resources.api.hostname}:${resources.api.port}/
        resources:
          route:
            type: route
            params: { host: duo.localhost, path: /, port: 80 }
          api:
            type: service-port
            params: { workload: api, port: http }
        """;
}
