using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// service-port resources on the process runtime: a workload calls another workload of its app, and another app calls
/// it, at an address that stays while the called workload's instances come and go (new releases, a Gantry restart).
/// </summary>
public sealed partial class ServicePortResourceTests() : RunningGantryTest("gantry-svcport")
{
    private static readonly string Python = DebianPython.Path;

    // Answers every request with the URL it calls and what that URL answered, so the test sees both.
    private const string Caller = """
        import http.server, os, urllib.request

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = os.environ['API_URL']
                try:
                    answer = urllib.request.urlopen(url, timeout=5).read().decode()
                except Exception as e:
                    answer = 'failed: ' + str(e)
                body = (url + ' -> ' + answer).encode()
                self.send_response(200)
                self.send_header('content-length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
        """;

    [Fact]
    public async Task Workloads_CallEachOther_AndOtherApps_AtAnAddressThatOutlivesReleasesAndRestarts()
    {
        var shop = WriteShop(Temp.Combine("shop"), "api-v1");
        await DeployAsync(shop);

        // The app's own web workload calls its api workload through the forwarder on 127.0.0.1.
        var first = await AnswerAsync("web.shop.localhost", "api-v1");
        var address = CalledAddress().Match(first);
        Assert.True(address.Success, first);
        var port = int.Parse(address.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(port, 8000, 8999);

        // Another app calls the same workload, naming the app.
        var portal = WritePortal(Temp.Combine("portal"));
        await DeployAsync(portal);
        Assert.Contains($"http://127.0.0.1:{port}/hello.txt -> api-v1", await AnswerAsync("portal.localhost", "api-v1"));

        // resources list shows the call beside the app's other resources, show its address.
        var listed = await Gantry.RunAsync("resources", "list", "portal", "--json");
        var call = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("api.shop:web", "service-port", "api.shop", "ready"),
            (call.GetProperty("key").GetString(), call.GetProperty("type").GetString(), call.GetProperty("service").GetString(), call.GetProperty("status").GetString()));
        var outputs = await Gantry.RevealOutputsAsync("portal", "api");
        Assert.Equal(("127.0.0.1", port.ToString(CultureInfo.InvariantCulture)), (outputs["hostname"], outputs["port"]));

        // A new release of the called workload: new instances on new ports, the callers keep their address.
        WriteShop(Temp.Combine("shop"), "api-v2");
        await DeployAsync(shop);
        Assert.Contains($"http://127.0.0.1:{port}/hello.txt -> api-v2", await AnswerAsync("portal.localhost", "api-v2"));
        Assert.Contains($"http://127.0.0.1:{port}/hello.txt -> api-v2", await AnswerAsync("web.shop.localhost", "api-v2"));

        // Gantry restarted: the address listens again before the apps' instances are back.
        Assert.Equal(0, await Gantry.StopAsync());
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"));
        Assert.Contains($"http://127.0.0.1:{port}/hello.txt -> api-v2", await AnswerAsync("portal.localhost", "api-v2"));

        // The called app deleted: its address is given back and the caller's calls fail as a Service without endpoints would.
        var deleted = await Gantry.RunAsync("apps", "delete", "shop", "--yes");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("failed", await AnswerAsync("portal.localhost", "failed"));
    }

    [Fact]
    public async Task AServicePort_ToAnAppThatIsNotDeployed_OrToAPortTheWorkloadLacks_IsRefusedAtItsLine()
    {
        var portal = WritePortal(Temp.Combine("portal"));
        var refused = await Gantry.RunAsync("deploy", "-f", portal, "--wait", "--timeout", "30s");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("score.yaml:", refused.Stderr);
        Assert.Contains("app 'shop' has no workload 'api' deployed here", Flat(refused.Stderr));

        var shop = WriteShop(Temp.Combine("shop"), "api-v1", calledPort: "admin");
        var wrongPort = await Gantry.RunAsync("deploy", "-f", shop, "--wait", "--timeout", "30s");
        Assert.True(wrongPort.ExitCode == 2, wrongPort.ToString());
        Assert.Matches(@"web\.score\.yaml:\d+:\d+", wrongPort.Stderr);
        Assert.Contains("workload 'api' of app 'shop' has no service port 'admin' (its ports: web (80))", Flat(wrongPort.Stderr));
    }

    private async Task DeployAsync(string gantryYaml)
    {
        var deploy = await Gantry.RunAsync("deploy", "-f", gantryYaml, "--wait", "--timeout", "120s");
        Assert.True(deploy.ExitCode == 0, $"{deploy}\n--- server\n{Gantry.Output}");
    }

    /// <summary>The caller's answer once it holds <paramref name="expected"/> (instances become ready one after another).</summary>
    private async Task<string> AnswerAsync(string host, string expected)
    {
        var answer = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await Gantry.GetAsync(host);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            },
            a => a.Contains(expected, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"{host} to answer with '{expected}'");
        return answer;
    }

    /// <summary>App shop: api serves hello.txt with <paramref name="hello"/>, web calls api's port <paramref name="calledPort"/>.</summary>
    private static string WriteShop(string directory, string hello, string calledPort = "web")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "hello.txt"), hello);
        File.WriteAllText(Path.Combine(directory, "caller.py"), Caller);
        File.WriteAllText(Path.Combine(directory, "api.score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: api
            service:
              ports:
                web: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["sh", "-c", "exec {{Python}} -m http.server $PORT --bind 127.0.0.1"]
                readinessProbe:
                  httpGet: { path: /hello.txt, port: 8080 }
            """);
        File.WriteAllText(Path.Combine(directory, "web.score.yaml"), CallerScore("web", "web.shop.localhost", $$"""
              api:
                type: service-port
                params: { workload: api, port: {{calledPort}} }
            """));
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), """
            name: shop
            workloads:
              - score: api.score.yaml
              - score: web.score.yaml
            """);
        return Path.Combine(directory, "gantry.yaml");
    }

    /// <summary>App portal: one workload that calls shop's api.</summary>
    private static string WritePortal(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "caller.py"), Caller);
        File.WriteAllText(Path.Combine(directory, "score.yaml"), CallerScore("front", "portal.localhost", """
              api:
                type: service-port
                params: { app: shop, workload: api, port: web }
            """));
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), """
            name: portal
            workloads:
              - score: score.yaml
            """);
        return Path.Combine(directory, "gantry.yaml");
    }

    private static string CallerScore(string name, string host, string apiResource) => $$"""
        apiVersion: score.dev/v1b1
        metadata:
          name: {{name}}
        service:
          ports:
            http: { port: 80, targetPort: 8080 }
        containers:
          main:
            image: .
            command: ["{{Python}}", "caller.py"]
            variables:
              API_URL: http://${resources.api.hostname}:${resources.api.port}/hello.txt
        resources:
          route:
            type: route
            params: { host: {{host}}, path: /, port: 80 }
        {{apiResource}}
        """;

    private static string Flat(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)/hello\.txt -> api-v1")]
    private static partial Regex CalledAddress();
}
