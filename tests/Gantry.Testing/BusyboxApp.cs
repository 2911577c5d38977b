namespace Gantry.Testing;

/// <summary>
/// A container app for tests: an image built by Gantry from a Containerfile on the local busybox test image, serving
/// JSON (release, instance, greeting) with busybox httpd on port 8080. Options make it keep data in a volume, run out
/// of memory after it became ready, or point at an image that does not exist.
/// </summary>
public sealed record BusyboxApp(
    string Name = "box",
    string Greeting = "hello",
    int? Replicas = 1,
    bool WithVolume = false,
    string? MemoryLimit = null,
    int? OomAfterSeconds = null,
    string? Image = null,
    string ReadinessPath = "/",
    string ReadyTimeout = "60s")
{
    private const string StartScript = """
        #!/bin/sh
        # Serves who answered as JSON; with a volume, records every start in it and serves that record too.
        mkdir -p /www
        echo "{\"release\":\"$GANTRY_RELEASE\",\"instance\":\"$GANTRY_INSTANCE\",\"greeting\":\"$GREETING\"}" > /www/index.html
        if [ -d /data ]; then
          echo "release $GANTRY_RELEASE instance $GANTRY_INSTANCE" >> /data/starts.txt
          ln -sf /data/starts.txt /www/starts.txt
        fi
        httpd -f -p 8080 -h /www &
        trap 'exit 0' TERM
        if [ -n "$OOM_AFTER" ]; then
          sleep "$OOM_AFTER"
          x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
          while true; do x=$x$x; done
        fi
        wait
        """;

    /// <summary>Writes the Containerfile, start.sh, score.yaml and gantry.yaml into <paramref name="directory"/>; returns the gantry.yaml path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "start.sh"), StartScript.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(directory, "Containerfile"), $"""
            FROM {TestImages.Busybox}
            COPY start.sh /start.sh
            CMD ["/bin/sh", "/start.sh"]
            """);
        var image = Image ?? ".";
        var resources = MemoryLimit is null ? "" : $"""

                resources:
                  limits:
                    memory: {MemoryLimit}
            """;
        var oom = OomAfterSeconds is int seconds ? $"\n      OOM_AFTER: \"{seconds}\"" : "";
        var volumeMount = WithVolume ? "\n    volumes:\n      /data:\n        source: ${resources.data}" : "";
        var volumeResource = WithVolume ? "\n  data:\n    type: volume" : "";
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              main:
                image: {{image}}
                variables:
                  GREETING: "{{Greeting}}"{{oom}}{{volumeMount}}{{resources}}
                readinessProbe:
                  httpGet:
                    path: {{ReadinessPath}}
                    port: 8080
            resources:
              dns:
                type: dns
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  path: /
                  port: 80{{volumeResource}}
            """);
        var replicas = Replicas is int r ? $"\n    replicas: {r}" : "";
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), $"""
            name: {Name}
            workloads:
              - score: score.yaml{replicas}
                rollout:
                  readyTimeout: {ReadyTimeout}
                  drainTimeout: 10s
                  stopGracePeriod: 2s
            """);
        return Path.Combine(directory, "gantry.yaml");
    }

    public string DefaultHost => $"{Name}.localhost";
}
