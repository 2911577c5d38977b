namespace Gantry.Testing;

/// <summary>A folder with index.html and a Score file, served by Gantry's own static file server at <c>NAME.localhost</c>.</summary>
public static class StaticSite
{
    /// <summary>Writes the site into <paramref name="directory"/>; returns the Score file's path.</summary>
    public static string WriteTo(string directory, string html, string name = "docs")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "index.html"), html);
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
              site:
                image: .
            resources:
              dns:
                type: dns
              route:
                type: route
                params:
                  host: ${resources.dns.host}
                  path: /
                  port: 80
            """);
        return score;
    }
}
