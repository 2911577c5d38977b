using System.Collections.Immutable;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// The provisioned resource types <c>gantry render</c> knows how to run in a cluster, with the same outputs as on one
/// machine (docs/resources.md). One server per resource: the names in it need not be shared with anyone.
/// </summary>
public static class ClusterServices
{
    public static ClusterService Postgres { get; } = new("postgres", "postgres:16", 5432, "/var/lib/postgresql/data")
    {
        Credentials = [ClusterCredential.Name("database"), ClusterCredential.Name("username"), ClusterCredential.Password("password")],
        SecretEnv = Map(("POSTGRES_DB", "database"), ("POSTGRES_USER", "username"), ("POSTGRES_PASSWORD", "password")),
        // A fresh claim's root holds lost+found, and initdb wants an empty folder.
        Env = Map(("PGDATA", "/var/lib/postgresql/data/pgdata")),
        Outputs =
        [
            ClusterOutput.Host(), ClusterOutput.Port(),
            ClusterOutput.FromSecret("name", "database"), ClusterOutput.FromSecret("database", "database"),
            ClusterOutput.FromSecret("username", "username"), ClusterOutput.FromSecret("password", "password"),
        ],
    };

    /// <summary>Redis with a password for its <c>default</c> user (requirepass from the Secret, never written in the manifest); appendonly for durability.</summary>
    public static ClusterService Redis { get; } = new("redis", "redis:7", 6379, "/data")
    {
        Credentials = [ClusterCredential.Password("password")],
        SecretEnv = Map(("REDIS_PASSWORD", "password")),
        Args = ["redis-server", "--appendonly", "yes", "--requirepass", "$(REDIS_PASSWORD)"],
        // The server is the resource's alone: any prefix keeps keys apart, so none is needed.
        Outputs = [ClusterOutput.Host(), ClusterOutput.Port(), ClusterOutput.Literal("username", "default"), ClusterOutput.FromSecret("password", "password"), ClusterOutput.Literal("prefix", "")],
    };

    public static ClusterService Amqp { get; } = new("amqp", "rabbitmq:3", 5672, "/var/lib/rabbitmq")
    {
        Credentials = [ClusterCredential.Name("vhost"), ClusterCredential.Name("username"), ClusterCredential.Password("password")],
        SecretEnv = Map(("RABBITMQ_DEFAULT_VHOST", "vhost"), ("RABBITMQ_DEFAULT_USER", "username"), ("RABBITMQ_DEFAULT_PASS", "password")),
        Outputs =
        [
            ClusterOutput.Host(), ClusterOutput.Port(),
            ClusterOutput.FromSecret("vhost", "vhost"), ClusterOutput.FromSecret("username", "username"), ClusterOutput.FromSecret("password", "password"),
        ],
    };

    /// <summary>MariaDB, as on one machine: a database and a user of the resource's own, and a root password nobody is given.</summary>
    public static ClusterService Mysql { get; } = new("mysql", "mariadb:11", 3306, "/var/lib/mysql")
    {
        Credentials = [ClusterCredential.Name("database"), ClusterCredential.Name("username"), ClusterCredential.Password("password"), ClusterCredential.Password("rootPassword")],
        SecretEnv = Map(("MARIADB_DATABASE", "database"), ("MARIADB_USER", "username"), ("MARIADB_PASSWORD", "password"), ("MARIADB_ROOT_PASSWORD", "rootPassword")),
        // A fresh claim's root holds lost+found: the data goes one folder down (the image's entrypoint makes it and
        // runs the server with these arguments).
        Args = ["--datadir=/var/lib/mysql/data"],
        Outputs =
        [
            ClusterOutput.Host(), ClusterOutput.Port(),
            ClusterOutput.FromSecret("name", "database"), ClusterOutput.FromSecret("database", "database"),
            ClusterOutput.FromSecret("username", "username"), ClusterOutput.FromSecret("password", "password"),
        ],
    };

    public static ImmutableArray<ClusterService> All { get; } = [Amqp, Mysql, Postgres, Redis];

    /// <summary>The cluster rendering of a type; null when there is none.</summary>
    public static ClusterService? Find(string type) => All.FirstOrDefault(s => s.Type == type);

    private static ImmutableDictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
