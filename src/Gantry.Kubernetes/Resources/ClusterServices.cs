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

    /// <summary>MongoDB with the resource's user as the server's root (the server is the resource's alone), authenticated against admin as on one machine.</summary>
    public static ClusterService Mongodb { get; } = new("mongodb", "mongo:8", 27017, "/data/db")
    {
        Credentials = [ClusterCredential.Name("username"), ClusterCredential.Password("password"), ClusterCredential.Name("database")],
        SecretEnv = Map(("MONGO_INITDB_ROOT_USERNAME", "username"), ("MONGO_INITDB_ROOT_PASSWORD", "password")),
        Outputs =
        [
            ClusterOutput.Host(), ClusterOutput.Port(), ClusterOutput.FromSecret("username", "username"), ClusterOutput.FromSecret("password", "password"),
            ClusterOutput.Template("connection", "mongodb://{username}:{password}@{host}:{port}/{database}?authSource=admin"),
        ],
    };

    /// <summary>
    /// Kafka in KRaft mode (one broker that is its own controller), advertising its Service's name. The resource's
    /// topic is made with 3 partitions when the app first uses it, as topics a server makes on first use are.
    /// </summary>
    public static ClusterService KafkaTopic { get; } = new("kafka-topic", "apache/kafka:4.0.0", 9092, "/var/lib/kafka/data")
    {
        Credentials = [ClusterCredential.Name("topic")],
        Env = Map(
            ("KAFKA_NODE_ID", "1"),
            ("KAFKA_PROCESS_ROLES", "broker,controller"),
            ("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://127.0.0.1:9093"),
            ("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://{host}:9092"),
            ("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            ("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"),
            ("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
            ("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:9093"),
            // A fresh claim's root holds lost+found, which Kafka would take for a partition's folder.
            ("KAFKA_LOG_DIRS", "/var/lib/kafka/data/logs"),
            ("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true"),
            ("KAFKA_NUM_PARTITIONS", "3"),
            ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
            ("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
            ("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")),
        // The image runs as appuser (1000).
        FsGroup = 1000,
        Outputs = [ClusterOutput.Host(), ClusterOutput.Port(), ClusterOutput.FromSecret("name", "topic"), ClusterOutput.Literal("num_partitions", "3")],
    };

    /// <summary>Elasticsearch on one node with security on and TLS off, as on one machine; the app is given the elastic superuser of its own server.</summary>
    public static ClusterService Elasticsearch { get; } = new("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.14.0", 9200, "/usr/share/elasticsearch/data")
    {
        Credentials = [ClusterCredential.Password("password")],
        SecretEnv = Map(("ELASTIC_PASSWORD", "password")),
        Env = Map(
            ("ES_SETTING_DISCOVERY_TYPE", "single-node"),
            ("ES_SETTING_XPACK_SECURITY_ENABLED", "true"),
            ("ES_SETTING_XPACK_SECURITY_HTTP_SSL_ENABLED", "false"),
            ("ES_SETTING_XPACK_SECURITY_TRANSPORT_SSL_ENABLED", "false"),
            ("ES_JAVA_OPTS", "-Xms512m -Xmx512m")),
        // The image runs as elasticsearch (1000).
        FsGroup = 1000,
        Outputs = [ClusterOutput.Host(), ClusterOutput.Port(), ClusterOutput.Literal("username", "elastic"), ClusterOutput.FromSecret("password", "password")],
    };

    /// <summary>
    /// SQL Server 2022 Express with the resource's database, made once the server answers (the image makes none of
    /// its own); the app signs in as sa of its own server.
    /// </summary>
    public static ClusterService Mssql { get; } = new("mssql", "mcr.microsoft.com/mssql/server:2022-latest", 1433, "/var/opt/mssql")
    {
        // sa's password must hold three of upper case, lower case, digits and symbols, which letters and digits alone may miss.
        Credentials = [ClusterCredential.Name("database"), ClusterCredential.Password("password") with { Suffix = "Aa1" }],
        SecretEnv = Map(("MSSQL_SA_PASSWORD", "password"), ("GANTRY_DATABASE", "database")),
        Env = Map(("ACCEPT_EULA", "Y"), ("MSSQL_PID", "Express")),
        // The image runs as mssql (10001).
        FsGroup = 10001,
        PostStart =
        [
            "bash", "-c",
            """
            sqlcmd=/opt/mssql-tools18/bin/sqlcmd; [ -x "$sqlcmd" ] || sqlcmd=/opt/mssql-tools/bin/sqlcmd
            for attempt in $(seq 90); do
              SQLCMDPASSWORD="$MSSQL_SA_PASSWORD" "$sqlcmd" -S 127.0.0.1 -U sa -C -b -l 5 -Q "IF DB_ID('$GANTRY_DATABASE') IS NULL CREATE DATABASE [$GANTRY_DATABASE]" && exit 0
              sleep 2
            done
            exit 1
            """,
        ],
        Outputs =
        [
            ClusterOutput.Host("server"), ClusterOutput.Port(), ClusterOutput.FromSecret("database", "database"),
            ClusterOutput.Literal("username", "sa"), ClusterOutput.FromSecret("password", "password"),
            ClusterOutput.Template("connection", "Server=tcp:{host},{port};Initial Catalog={database};User ID=sa;Password={password};TrustServerCertificate=True;"),
        ],
    };

    public const string CloudNativePg = "cloudnative-pg";
    public const string RabbitMqOperator = "rabbitmq";

    /// <summary>
    /// postgres as a CloudNativePG <c>Cluster</c>: the operator makes the database and its owner from the resource's
    /// Secret (basic-auth keys), and apps reach the primary through its <c>NAME-rw</c> Service.
    /// </summary>
    public static ClusterService PostgresCloudNativePg { get; } = Postgres with
    {
        Image = "ghcr.io/cloudnative-pg/postgresql:16",
        Operator = CloudNativePg,
        HostSuffix = "-rw",
        SecretEnv = ImmutableDictionary<string, string>.Empty,
        Env = ImmutableDictionary<string, string>.Empty,
    };

    /// <summary>
    /// amqp as a RabbitMQ Cluster Operator <c>RabbitmqCluster</c>: the operator makes its default user's Secret
    /// (<c>NAME-default-user</c>, keys username and password); apps use the default virtual host of a server of their own.
    /// </summary>
    public static ClusterService AmqpRabbitMqOperator { get; } = new("amqp", "rabbitmq:3-management", 5672, "/var/lib/rabbitmq")
    {
        Operator = RabbitMqOperator,
        SecretSuffix = "default-user",
        RendersSecret = false,
        Credentials = [ClusterCredential.Name("username"), ClusterCredential.Password("password")],
        Outputs =
        [
            ClusterOutput.Host(), ClusterOutput.Port(), ClusterOutput.Literal("vhost", "/"),
            ClusterOutput.FromSecret("username", "username"), ClusterOutput.FromSecret("password", "password"),
        ],
    };

    public static ImmutableArray<ClusterService> All { get; } = [Amqp, Elasticsearch, KafkaTopic, Mongodb, Mssql, Mysql, Postgres, Redis];

    public static ImmutableArray<ClusterService> OperatorRendered { get; } = [PostgresCloudNativePg, AmqpRabbitMqOperator];

    /// <summary>The cluster rendering of a type, through one of <paramref name="operators"/> when one runs it; null when there is none.</summary>
    public static ClusterService? Find(string type, IReadOnlySet<string>? operators = null) =>
        OperatorRendered.FirstOrDefault(s => s.Type == type && operators?.Contains(s.Operator!) == true) ?? All.FirstOrDefault(s => s.Type == type);

    private static ImmutableDictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
