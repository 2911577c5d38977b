namespace Gantry.Testing;

/// <summary>
/// A tiny app (Debian's python3, Debian's psql) that keeps notes in a PostgreSQL database it knows only through the
/// variables a <c>postgres</c> resource's outputs give it: <c>/write?v=TEXT</c> adds a note, <c>/read</c> lists them.
/// </summary>
public sealed record PostgresNotesApp(string Name = "notes", string Resource = "db", string? Id = null, string Greeting = "hello", string Workload = "web", string? Class = null, string Type = "postgres")
{
    public const string AppPy = """
        import http.server, os, subprocess, urllib.parse
        env = dict(os.environ, PGHOST=os.environ['DB_HOST'], PGPORT=os.environ['DB_PORT'], PGDATABASE=os.environ['DB_NAME'],
                   PGUSER=os.environ['DB_USER'], PGPASSWORD=os.environ['DB_PASSWORD'], PGCONNECT_TIMEOUT='5')

        def psql(sql, *values):
            args = ['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1']
            for i, v in enumerate(values):
                args += ['-v', f'v{i}={v}']
            return subprocess.run(args, input=sql, env=env, capture_output=True, text=True, timeout=20)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == '/healthz':
                    return self.answer(200, 'ok')
                if url.path == '/write':
                    done = psql("CREATE TABLE IF NOT EXISTS notes (v text);\nINSERT INTO notes VALUES (:'v0');", query['v'][0])
                elif url.path == '/read':
                    done = psql('SELECT v FROM notes ORDER BY v;')
                else:
                    return self.answer(404, 'no such page')
                self.answer(200 if done.returncode == 0 else 500, done.stdout if done.returncode == 0 else done.stderr)

            def answer(self, status, text):
                body = text.encode()
                self.send_response(status)
                self.send_header('content-type', 'text/plain')
                self.send_header('content-length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        print('listening on', os.environ['PORT'], flush=True)
        http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
        """;

    public string Host => $"{Name}.localhost";

    /// <summary>Writes app.py, score.yaml and gantry.yaml into <paramref name="directory"/>; returns the gantry.yaml path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.py"), AppPy);
        var id = (Id is null ? "" : $"\n    id: {Id}") + (Class is null ? "" : $"\n    class: {Class}");
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
                  GREETING: "{{Greeting}}"
                  DB_HOST: ${resources.{{Resource}}.host}
                  DB_PORT: ${resources.{{Resource}}.port}
                  DB_NAME: ${resources.{{Resource}}.name}
                  DB_USER: ${resources.{{Resource}}.username}
                  DB_PASSWORD: ${resources.{{Resource}}.password}
                readinessProbe:
                  httpGet: { path: /healthz, port: 8080 }
            resources:
              {{Resource}}:
                type: {{Type}}{{id}}
              route:
                type: route
                params: { host: {{Host}}, path: /, port: 80 }
            """);
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), $"name: {Name}\nworkloads:\n  - score: score.yaml\n");
        return Path.Combine(directory, "gantry.yaml");
    }
}
