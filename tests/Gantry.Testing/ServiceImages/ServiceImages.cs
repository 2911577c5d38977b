using Docker.DotNet;

namespace Gantry.Testing;

/// <summary>
/// Stand-ins for the official images Gantry's built-in provisioners run on the container runtime (postgres:16, redis:7,
/// mariadb:11, rabbitmq:3, minio/minio), made from this machine's Debian binaries because no registry is reachable. They
/// carry the official names and honour the part of the official images' interface the definitions use (environment,
/// entrypoint, data folder, user); the servers inside are Debian's: PostgreSQL 15, Redis 7.0, MariaDB 10.11, RabbitMQ
/// 3.10; MinIO's is s3rver on Node.js (<see cref="MinioImage"/>).
/// </summary>
public static class ServiceImages
{
    public const string Postgres = "docker.io/library/postgres:16";
    public const string Redis = "docker.io/library/redis:7";
    public const string MariaDb = "docker.io/library/mariadb:11";
    public const string RabbitMq = "docker.io/library/rabbitmq:3";
    public const string Minio = "docker.io/minio/minio:latest";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The image's name for a provisioner type: "postgres", "redis", "mysql", "amqp" or "s3".</summary>
    public static string For(string type) => type switch
    {
        "postgres" => Postgres,
        "redis" => Redis,
        "mysql" => MariaDb,
        "amqp" => RabbitMq,
        "s3" => Minio,
        _ => throw new ArgumentException($"No stand-in image for provisioner type '{type}'.", nameof(type)),
    };

    /// <summary>Makes the stand-in for a provisioner type unless the engine has it.</summary>
    public static async Task EnsureAsync(string type)
    {
        var image = For(type);
        await Gate.WaitAsync();
        try
        {
            using var client = TestImages.Client();
            try
            {
                await client.Images.InspectImageAsync(image);
                return;
            }
            catch (DockerImageNotFoundException)
            {
            }

            var (rootfs, changes) = type switch
            {
                "postgres" => PostgresImage.Recipe(),
                "redis" => RedisImage.Recipe(),
                "mysql" => MariaDbImage.Recipe(),
                "s3" => await MinioImage.RecipeAsync(),
                _ => RabbitMqImage.Recipe(),
            };
            await rootfs.ImportAsync(client, image, changes);
        }
        finally
        {
            Gate.Release();
        }
    }
}
