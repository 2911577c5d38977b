using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.ObjectStorage;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// s3 resources: a bucket per resource on the platform's S3-compatible endpoint, which the app reaches with the
/// outputs it is given alone. s3rver stands in for MinIO or AWS, which cannot run here (the test names say so).
/// </summary>
public sealed class S3ResourceTests() : RunningGantryTest("gantry-s3")
{
    private static readonly string Python = DebianPython.Path;

    // /put?k=KEY&v=TEXT stores an object, /get?k=KEY reads it back: S3's REST API signed with AWS Signature Version 4
    // from the standard library, with nothing but the variables the resource's outputs give.
    private const string App = """
        import datetime, hashlib, hmac, http.server, os, urllib.error, urllib.parse, urllib.request

        def call(method, key, body=b''):
            endpoint, region, bucket = os.environ['S3_ENDPOINT'].rstrip('/'), os.environ['S3_REGION'], os.environ['S3_BUCKET']
            host = urllib.parse.urlparse(endpoint).netloc
            path = '/' + bucket + '/' + urllib.parse.quote(key)
            now = datetime.datetime.now(datetime.timezone.utc)
            stamp, day = now.strftime('%Y%m%dT%H%M%SZ'), now.strftime('%Y%m%d')
            payload = hashlib.sha256(body).hexdigest()
            headers = {'host': host, 'x-amz-content-sha256': payload, 'x-amz-date': stamp}
            names = ';'.join(sorted(headers))
            canonical = '\n'.join([method, path, '', ''.join(k + ':' + headers[k] + '\n' for k in sorted(headers)), names, payload])
            scope = day + '/' + region + '/s3/aws4_request'
            text = '\n'.join(['AWS4-HMAC-SHA256', stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
            signing = ('AWS4' + os.environ['S3_SECRET']).encode()
            for part in (day, region, 's3', 'aws4_request'):
                signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
            signature = hmac.new(signing, text.encode(), hashlib.sha256).hexdigest()
            headers['authorization'] = 'AWS4-HMAC-SHA256 Credential=' + os.environ['S3_KEY'] + '/' + scope + ', SignedHeaders=' + names + ', Signature=' + signature
            request = urllib.request.Request(endpoint + path, data=body if method == 'PUT' else None, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return 200, response.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == '/put':
                    status, body = call('PUT', query['k'][0], query['v'][0].encode())
                elif url.path == '/get':
                    status, body = call('GET', query['k'][0])
                else:
                    status, body = 200, b'ok'
                self.send_response(status)
                self.send_header('content-length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), Handler).serve_forever()
        """;

    [Fact]
    public async Task AnApp_WritesAndReadsItsOwnBucket_ThroughTheOutputsAlone_AgainstS3rverStandingInForS3()
    {
        await using var s3 = await S3rverProcess.StartAsync(Temp.Combine("s3"), "unrelated");
        await RestartWithEndpointAsync(s3);

        var deployed = await Gantry.RunAsync("deploy", "-f", WriteApp(Temp.Combine("files"), "files"), "--wait", "--timeout", "90s");
        Assert.True(deployed.ExitCode == 0, $"{deployed}\n--- server\n{Gantry.Output}");

        Assert.Equal("200 ", await GetAsync("files.localhost", "/put?k=notes/first.txt&v=hello-bucket"));
        Assert.Equal("200 hello-bucket", await GetAsync("files.localhost", "/get?k=notes/first.txt"));

        // The object is in the resource's own bucket on the endpoint, named after the app and resource.
        var stored = Assert.Single(Directory.GetFiles(Path.Combine(s3.Directory, "files-web-media"), "*._S3rver_object", SearchOption.AllDirectories));
        Assert.Equal("hello-bucket", await File.ReadAllTextAsync(stored));

        // A new release finds the same bucket with what it held; the secret key shows only as a fingerprint.
        var again = await Gantry.RunAsync("deploy", "-f", WriteApp(Temp.Combine("files"), "files"), "--wait", "--timeout", "90s");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("200 hello-bucket", await GetAsync("files.localhost", "/get?k=notes/first.txt"));
        var release = await Gantry.RunAsync("releases", "files", "2", "--json");
        Assert.DoesNotContain(S3rverProcess.SecretKey, JsonDocument.Parse(release.Stdout).RootElement.GetProperty("spec").ToString(), StringComparison.Ordinal);
        Assert.Contains("\"S3_BUCKET\": \"files-web-media\"", release.Stdout, StringComparison.Ordinal);

        // resources list and show give the bucket with the other resources: its endpoint, the secret key as a
        // fingerprint, and itself when revealed.
        var listed = await Gantry.RunAsync("resources", "list", "files", "--json");
        var bucket = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("files-web-media", "s3", "ready", "web:media"),
            (bucket.GetProperty("key").GetString(), bucket.GetProperty("type").GetString(), bucket.GetProperty("status").GetString(), bucket.GetProperty("names")[0].GetString()));
        Assert.Equal(s3.Endpoint.ToString().TrimEnd('/'), bucket.GetProperty("service").GetString());
        var shown = await Gantry.RunAsync("resources", "show", "files", "media", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var outputs = JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("outputs");
        Assert.Equal("files-web-media", outputs.GetProperty("bucket").GetString());
        Assert.StartsWith("(secret, fingerprint ", outputs.GetProperty("secret_key").GetString(), StringComparison.Ordinal); // s3rver's key is its key id: compared by shape
        Assert.StartsWith("(secret, fingerprint ", outputs.GetProperty("aws_secret_key").GetString(), StringComparison.Ordinal);
        var revealed = await Gantry.RevealOutputsAsync("files", "media");
        Assert.Equal((S3rverProcess.SecretKey, S3rverProcess.AccessKeyId, "files-web-media"), (revealed["secret_key"], revealed["access_key_id"], revealed["bucket"]));
    }

    [Fact]
    public async Task WithoutAnEndpoint_OnTheProcessRuntime_AnS3Resource_IsRefusedSayingBothWaysToServeIt()
    {
        var refused = await Gantry.RunAsync("deploy", "-f", WriteApp(Temp.Combine("files"), "files"), "--wait", "--timeout", "30s");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        var message = refused.Stderr.ReplaceLineEndings(" ");
        Assert.Contains("s3 (default) runs only on the container runtime (gantry up --runtime container)", message);
        Assert.Contains("or start Gantry with --s3-endpoint URL to give apps buckets on an S3-compatible server", message);
        Assert.DoesNotContain("   at ", refused.Stderr); // a message, not a stack trace
    }

    private async Task RestartWithEndpointAsync(S3rverProcess s3)
    {
        Assert.Equal(0, await Gantry.StopAsync());
        var credentials = new Dictionary<string, string>
        {
            [S3Endpoint.AccessKeyVariable] = S3rverProcess.AccessKeyId,
            [S3Endpoint.SecretKeyVariable] = S3rverProcess.SecretKey,
        };
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), credentials, extraArgs: ["--s3-endpoint", s3.Endpoint.ToString()]);
    }

    private async Task<string> GetAsync(string host, string path)
    {
        using var response = await Gantry.GetAsync(host, path);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static string WriteApp(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.py"), App);
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["{{Python}}", "app.py"]
                variables:
                  S3_ENDPOINT: ${resources.media.endpoint}
                  S3_REGION: ${resources.media.region}
                  S3_BUCKET: ${resources.media.bucket}
                  S3_KEY: ${resources.media.aws_access_key_id}
                  S3_SECRET: ${resources.media.secret_key}
                readinessProbe:
                  httpGet: { path: /, port: 8080 }
            resources:
              route:
                type: route
                params: { host: {{name}}.localhost, path: /, port: 80 }
              media:
                type: s3
            """);
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), $"name: {name}\nworkloads:\n  - score: score.yaml\n");
        return Path.Combine(directory, "gantry.yaml");
    }
}
