using System.IO.Compression;
using System.Text;

namespace Gantry.Testing;

/// <summary>
/// Small web apps without a Dockerfile, one per stack Gantry's builders detect. Each answers GET / with
/// <c>hello from STACK</c> on $PORT (on $HOST, else every address). Their dependencies come from this machine:
/// a wheel in the app's own folder (there is no PyPI here), Debian's Maven repository (no Maven Central).
/// </summary>
public static class SourceStackApps
{
    /// <summary>Debian's Maven repository (the libmaven-*-plugin-java packages): the Java app builds offline from it.</summary>
    public const string DebianMavenRepository = "/usr/share/maven-repo";

    /// <summary>
    /// Writes the app of <paramref name="stack"/> (python, go, java or php) and a Score file for it, named
    /// <paramref name="name"/> and routed at <c>NAME.localhost</c>; returns the Score file's path.
    /// </summary>
    public static string WriteTo(string directory, string stack, string name)
    {
        Directory.CreateDirectory(directory);
        Action<string> write = stack switch
        {
            "python" => WritePython,
            "go" => WriteGo,
            "java" => WriteJava,
            "php" => WritePhp,
            _ => throw new ArgumentException($"no sample app for '{stack}'", nameof(stack)),
        };
        write(directory);
        var score = Path.Combine(directory, "score.yaml");
        File.WriteAllText(score, $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: {{name}}
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              web:
                image: .
            resources:
              route:
                type: route
                params:
                  host: {{name}}.localhost
                  path: /
                  port: 80
            """);
        return score;
    }

    /// <summary>A Python app using the standard library and one dependency (a wheel installed from a local index folder).</summary>
    public static void WritePython(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "wheels"));
        WriteWheel(Path.Combine(directory, "wheels", "greeting-1.0-py3-none-any.whl"));
        File.WriteAllText(Path.Combine(directory, "requirements.txt"), "--no-index\n--find-links wheels\ngreeting==1.0\n");
        File.WriteAllText(Path.Combine(directory, "app.py"), """
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            from greeting import hello

            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
                    body = hello("python").encode()
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            ThreadingHTTPServer((os.environ.get("HOST", "0.0.0.0"), int(os.environ["PORT"])), Handler).serve_forever()
            """);
    }

    /// <summary>A Go app (standard library only) whose main package is cmd/server.</summary>
    public static void WriteGo(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "cmd", "server"));
        File.WriteAllText(Path.Combine(directory, "go.mod"), "module example.com/hello\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(directory, "cmd", "server", "main.go"), """
            package main

            import (
            	"fmt"
            	"net/http"
            	"os"
            )

            func main() {
            	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello from go") })
            	if err := http.ListenAndServe(os.Getenv("HOST")+":"+os.Getenv("PORT"), nil); err != nil {
            		panic(err)
            	}
            }
            """);
    }

    /// <summary>A Maven project (no dependencies) built offline against Debian's Maven repository, named in .mvn/maven.config.</summary>
    public static void WriteJava(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "src", "main", "java", "hello"));
        Directory.CreateDirectory(Path.Combine(directory, ".mvn"));
        File.WriteAllText(Path.Combine(directory, ".mvn", "maven.config"), $"-o -Dmaven.repo.local={DebianMavenRepository}\n");
        File.WriteAllText(Path.Combine(directory, "pom.xml"), """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>example</groupId>
              <artifactId>hello</artifactId>
              <version>1.0</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-jar-plugin</artifactId>
                    <configuration><archive><manifest><mainClass>hello.Main</mainClass></manifest></archive></configuration>
                  </plugin>
                </plugins>
              </build>
            </project>
            """);
        File.WriteAllText(Path.Combine(directory, "src", "main", "java", "hello", "Main.java"), """
            package hello;

            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;

            public class Main {
                public static void main(String[] args) throws Exception {
                    var host = System.getenv().getOrDefault("HOST", "0.0.0.0");
                    var server = HttpServer.create(new InetSocketAddress(host, Integer.parseInt(System.getenv("PORT"))), 0);
                    server.createContext("/", exchange -> {
                        var body = "hello from java".getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """);
    }

    /// <summary>A PHP app with a composer.json (no packages, an autoloaded class) and its front controller in public/.</summary>
    public static void WritePhp(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "public"));
        Directory.CreateDirectory(Path.Combine(directory, "src"));
        File.WriteAllText(Path.Combine(directory, "composer.json"), """{ "name": "example/hello", "autoload": { "psr-4": { "Hello\\": "src/" } } }""");
        File.WriteAllText(Path.Combine(directory, "src", "Greeting.php"), """
            <?php
            namespace Hello;

            final class Greeting { public static function text(): string { return "hello from php"; } }
            """);
        File.WriteAllText(Path.Combine(directory, "public", "index.php"), """
            <?php
            require __DIR__ . '/../vendor/autoload.php';
            echo \Hello\Greeting::text();
            """);
    }

    /// <summary>A pure-Python wheel of a package <c>greeting</c> whose <c>hello(name)</c> says hello from NAME.</summary>
    private static void WriteWheel(string path)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, string content)
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }

        Add("greeting/__init__.py", "def hello(name):\n    return 'hello from ' + name\n");
        Add("greeting-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: greeting\nVersion: 1.0\n");
        Add("greeting-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: gantry-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        Add("greeting-1.0.dist-info/RECORD", "greeting/__init__.py,,\ngreeting-1.0.dist-info/METADATA,,\ngreeting-1.0.dist-info/WHEEL,,\ngreeting-1.0.dist-info/RECORD,,\n");
    }
}
