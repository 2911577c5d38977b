namespace Gantry.AppModel.Compose;

/// <summary>
/// Servers that compose files run from well-known images: their port (for a service that declares none but is called
/// by name) and that they speak no HTTP worth a public route.
/// </summary>
internal static class KnownImages
{
    private static readonly (string Server, int Port, string[] Names)[] Servers =
    [
        ("postgres", 5432, ["postgres", "postgresql", "postgis", "pgvector", "pgvecto-rs", "timescaledb", "timescaledb-ha"]),
        ("mysql", 3306, ["mysql", "mariadb", "percona-server"]),
        ("redis", 6379, ["redis", "valkey", "keydb", "redis-stack-server", "dragonfly"]),
        ("rabbitmq", 5672, ["rabbitmq"]),
        ("minio", 9000, ["minio"]),
        ("mongodb", 27017, ["mongo", "mongodb"]),
        ("memcached", 11211, ["memcached"]),
        ("clickhouse", 8123, ["clickhouse-server", "clickhouse"]),
        ("elasticsearch", 9200, ["elasticsearch", "opensearch"]),
    ];

    /// <summary>The server an image runs (<c>postgres</c> for <c>docker.io/library/postgres:16-alpine</c>), or null.</summary>
    public static string? ServerOf(string image) => Find(image)?.Server;

    public static int? PortOf(string image) => Find(image)?.Port;

    private static (string Server, int Port, string[] Names)? Find(string image)
    {
        var path = image.Split('@')[0];
        var lastSlash = path.LastIndexOf('/');
        var colon = path.IndexOf(':', lastSlash + 1);
        var name = (colon < 0 ? path[(lastSlash + 1)..] : path[(lastSlash + 1)..colon]).ToLowerInvariant();
        foreach (var server in Servers)
        {
            if (server.Names.Contains(name))
            {
                return server;
            }
        }

        return null;
    }
}
