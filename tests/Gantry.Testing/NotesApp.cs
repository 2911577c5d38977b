namespace Gantry.Testing;

/// <summary>
/// A tiny app (Debian's python3 and the store's Debian client) that keeps notes in a resource it knows only through
/// the variables the resource's outputs give it: <c>/write?v=TEXT</c> adds a note, <c>/read</c> lists them in order.
/// A failed command answers 500 with the client's output. With <paramref name="Container"/>, the app is an image built
/// from a Containerfile on <see cref="NotesImage"/> (for the container runtime), listening on every interface of its
/// container rather than on 127.0.0.1.
/// </summary>
public sealed record NotesApp(NotesStore Store, string Name = "notes", string Resource = "db", string? Id = null, string Greeting = "hello", string Workload = "web", string? Class = null, string? Type = null,
    bool Container = false)
{
    private const string Server = """

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == '/healthz':
                    return self.answer(200, 'ok')
                if url.path == '/write':
                    done = write(query['v'][0])
                elif url.path == '/read':
                    done = read()
                else:
                    return self.answer(404, 'no such page')
                self.answer(200 if done.returncode == 0 else 500, done.stdout if done.returncode == 0 else done.stdout + done.stderr)

            def answer(self, status, text):
                body = text.encode()
                self.send_response(status)
                self.send_header('content-type', 'text/plain')
                self.send_header('content-length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        # As a container's PID 1 a signal without a handler is ignored: SIGTERM would wait out the engine's grace period.
        if os.getpid() == 1:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

        print('listening on', os.environ['PORT'], flush=True)
        http.server.ThreadingHTTPServer((os.environ.get('NOTES_BIND', '127.0.0.1'), int(os.environ['PORT'])), Handler).serve_forever()
        """;

    public string Host => $"{Name}.localhost";

    /// <summary>Writes app.py, score.yaml and gantry.yaml (and the Containerfile) into <paramref name="directory"/>; returns the gantry.yaml path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.py"), "import http.server, os, signal, subprocess, sys, urllib.parse\n" + Store.Python + "\n" + Server);
        var id = (Id is null ? "" : $"\n    id: {Id}") + (Class is null ? "" : $"\n    class: {Class}");
        if (Container)
        {
            File.WriteAllText(Path.Combine(directory, "Containerfile"), $"FROM {NotesImage.Name}\nCOPY app.py /app/app.py\n");
        }

        var bind = Container ? "\n      NOTES_BIND: 0.0.0.0" : "";
        var variables = string.Concat(Store.Outputs.Select(o => $"\n      DB_{o.ToUpperInvariant()}: ${{resources.{Resource}.{o}}}"));
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: {{Workload}}
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["/usr/bin/python3", "app.py"]
                variables:
                  GREETING: "{{Greeting}}"{{bind}}{{variables}}
                readinessProbe:
                  httpGet: { path: /healthz, port: 8080 }
            resources:
              {{Resource}}:
                type: {{Type ?? Store.Type}}{{id}}
              route:
                type: route
                params: { host: {{Host}}, path: /, port: 80 }
            """);
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), $"name: {Name}\nworkloads:\n  - score: score.yaml\n");
        return Path.Combine(directory, "gantry.yaml");
    }
}
