using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>Instance specs for tests: shell scripts and a tiny node HTTP server.</summary>
internal static class Specs
{
    /// <summary>
    /// A node HTTP server on $PORT: <c>/live</c> answers 200 $LIVE_OK_COUNT times then 500, <c>/healthz</c> $STATUS (default 200)
    /// $READY_OK_COUNT times then 503;
    /// listens only after $DELAY ms; prints "listening PORT".
    /// </summary>
    public const string NodeServer = """
        const http = require('http');
        const status = Number(process.env.STATUS || 200), liveOk = Number(process.env.LIVE_OK_COUNT || Infinity);
        const readyOk = Number(process.env.READY_OK_COUNT || Infinity);
        let liveCount = 0, readyCount = 0;
        const server = http.createServer((req, res) => {
          if (req.url === '/headers') {
            const ok = req.headers.host === 'app.example.test' && req.headers['x-probe'] === 'yes';
            res.writeHead(ok ? 204 : 400); return res.end();
          }
          if (req.url === '/redirect') { res.writeHead(302, { location: 'http://127.0.0.1:1/' }); return res.end(); }
          if (req.url === '/live') { res.writeHead(++liveCount > liveOk ? 500 : 200); return res.end('ok'); }
          res.writeHead(++readyCount > readyOk ? 503 : status); res.end('ok');
        });
        setTimeout(() => server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening ' + process.env.PORT)), Number(process.env.DELAY || 0));
        process.on('SIGTERM', () => process.exit(0));
        """;

    public static InstanceSpec Shell(string script, string workingDirectory, params int[] ports) =>
        Command("/bin/sh", ["-c", script], workingDirectory, ports);

    public static InstanceSpec Node(string workingDirectory, ImmutableDictionary<string, string>? environment = null, params int[] ports) =>
        Command("node", ["-e", NodeServer], workingDirectory, ports) with { Environment = environment ?? ImmutableDictionary<string, string>.Empty };

    public static InstanceSpec Command(string fileName, ImmutableArray<string> arguments, string workingDirectory, params int[] ports) => new(
        InstanceId: "web-" + Guid.NewGuid().ToString("n")[..8],
        App: "shop",
        Workload: "web",
        Release: 1,
        Launch: new LaunchCommand(fileName, arguments, workingDirectory, ImmutableDictionary<string, string>.Empty),
        Environment: ImmutableDictionary<string, string>.Empty,
        ContainerPorts: [.. ports]);

    public static ImmutableDictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToImmutableDictionary(v => v.Name, v => v.Value);
}
