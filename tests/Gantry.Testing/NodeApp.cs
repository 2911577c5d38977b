namespace Gantry.Testing;

/// <summary>
/// A small Node.js HTTP app written into a folder for tests: answers with its release, instance and greeting,
/// has <c>/healthz</c>, <c>/slow?ms=N</c>, and stops gracefully on SIGTERM. Built with the <c>command</c> builder (no install step), so deploys are fast.
/// </summary>
public sealed record NodeApp(
    string Name = "echo",
    string Workload = "web",
    string Greeting = "hello",
    int? Replicas = 1,
    bool NeverReady = false,
    bool CrashOnStart = false,
    string ReadyTimeout = "60s",
    string? Host = null)
{
    /// <summary>gantry.yaml's <c>jobs</c> list as written (YAML, unindented); null: none.</summary>
    public string? Jobs { get; init; }

    public const string ServerJs = """
        const http = require('http');
        const started = Date.now();
        const server = http.createServer((req, res) => {
          const url = new URL(req.url, 'http://x');
          if (url.pathname === '/healthz') {
            res.statusCode = process.env.NEVER_READY === '1' ? 503 : 200;
            return res.end(process.env.NEVER_READY === '1' ? 'not ready' : 'ok');
          }
          const body = JSON.stringify({
            release: process.env.GANTRY_RELEASE, instance: process.env.GANTRY_INSTANCE,
            greeting: process.env.GREETING, pid: process.pid, path: url.pathname,
          });
          const ms = Number(url.searchParams.get('ms') || 0);
          setTimeout(() => { res.setHeader('content-type', 'application/json'); res.end(body); }, ms);
        });
        server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
        process.on('SIGTERM', () => { console.log('SIGTERM: closing'); server.close(() => process.exit(0)); });
        """;

    /// <summary>Writes server.js, score.yaml and gantry.yaml into <paramref name="directory"/>; returns the gantry.yaml path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "server.js"), ServerJs);
        var command = CrashOnStart
            ? """["sh", "-c", "echo starting up; echo 'fatal: cannot open database' >&2; exit 3"]"""
            : """["node", "server.js"]""";
        var host = Host is null ? "${resources.dns.host}" : Host;
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $"""
            apiVersion: score.dev/v1b1
            metadata:
              name: {Workload}
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              main:
                image: .
                command: {command}
                variables:
                  GREETING: "{Greeting}"
                  NEVER_READY: "{(NeverReady ? "1" : "0")}"
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
                  host: {host}
                  path: /
                  port: 80
            """);
        var replicas = Replicas is int r ? $"\n    replicas: {r}" : "";
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), $"""
            name: {Name}
            workloads:
              - score: score.yaml{replicas}
                rollout:
                  readyTimeout: {ReadyTimeout}
                  drainTimeout: 10s
                  stopGracePeriod: 5s
            """ + (Jobs is null ? "" : "\njobs:\n" + string.Join("\n", Jobs.Trim('\n').Split('\n').Select(l => "  " + l)) + "\n"));
        return Path.Combine(directory, "gantry.yaml");
    }

    public string DefaultHost => Host ?? $"{Name}.localhost";
}
