using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>An image that is not on the machine is pulled from its registry (a real one on 127.0.0.1), with progress.</summary>
public sealed class ContainerPullTests() : ContainerGantryTest("gantry-pull")
{
    [Fact]
    public async Task AnImageNotOnTheMachine_IsPulledWithProgress_AndServed()
    {
        await using var registry = await TestRegistry.StartAsync();
        var image = await registry.PushAsync(Engine, TestImages.Busybox, $"gantry-test/pulled-{Guid.NewGuid().ToString("n")[..6]}", "1");
        var app = Temp.Combine("app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http:
                  port: 8080
            containers:
              main:
                image: {{image}}
                command: ["/bin/sh", "-c"]
                args: ["mkdir -p /www && echo pulled-and-served > /www/index.html && exec httpd -f -p 8080 -h /www"]
            resources:
              dns:
                type: dns
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  port: 8080
            """);

        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(app, "score.yaml"), "--wait", "--timeout", "3m");

        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");
        Assert.Contains($"pulled image {image}", deploy.Stdout);
        var buildLog = await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "builds", "logs", "web-1.log"));
        Assert.True(buildLog.Contains($"pulling {image}: ", StringComparison.Ordinal) && buildLog.Contains("(100%)", StringComparison.Ordinal), buildLog);
        Assert.Equal("200 pulled-and-served\n", await GetTextAsync("web.localhost"));
    }
}
