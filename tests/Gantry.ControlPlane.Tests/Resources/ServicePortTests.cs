using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Resources;

/// <summary>The ports Gantry keeps for its platform servers, with the machine's real Redis and MariaDB.</summary>
public sealed class ServicePortTests : IAsyncLifetime
{
    private readonly TempDirectory _app = new("gantry-ports");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task AnAppAskingForTwoTypesInOneDeploy_GetsTwoServersOnPortsOfTheirOwn_AndItsReleaseSucceeds()
    {
        if (!File.Exists("/usr/bin/redis-server") || !File.Exists("/usr/sbin/mariadbd"))
        {
            throw new InvalidOperationException("Redis or MariaDB is not installed: ./test.sh installs them (apt-get install redis-server mariadb-server)");
        }

        await File.WriteAllTextAsync(_app.Combine("score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["sh", "-c", "exec python3 -m http.server \"$PORT\" --bind 127.0.0.1"]
                variables:
                  CACHE_PORT: ${resources.cache.port}
                  DB_PORT: ${resources.db.port}
                readinessProbe:
                  httpGet: { path: /, port: 8080 }
            resources:
              cache:
                type: redis
              db:
                type: mysql
            """);
        await File.WriteAllTextAsync(_app.Combine("gantry.yaml"), "name: both\nworkloads:\n  - score: score.yaml\n");

        var response = await _server.DeployFilesAsync(_app.Path);
        var accepted = JsonSerializer.Deserialize<DeployAccepted>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        var release = await _server.WaitForReleaseAsync("both", accepted.Release, TimeSpan.FromMinutes(2));

        Assert.True(release.Release.Status == "Succeeded", release.Release.Reason);
        var services = (await _server.Admin.GetFromJsonAsync<PlatformServiceInfo[]>("api/v1/services", JsonSerializerOptions.Web))!;
        Assert.Equal(["mysql-default", "redis-default"], services.Select(s => s.Name).Order());
        Assert.NotEqual(services[0].Port, services[1].Port);
        Assert.All(services, s => Assert.Equal("running", s.State));
    }
}
