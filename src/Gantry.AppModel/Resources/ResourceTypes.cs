namespace Gantry.AppModel.Resources;

/// <summary>The resource types Gantry provisions today and the outputs each one offers to placeholders.</summary>
internal static class ResourceTypes
{
    public const string Route = "route";
    public const string Dns = "dns";
    public const string Volume = "volume";

    /// <summary>Any key, read from the app's or the platform's settings (<c>gantry config</c>): <c>${resources.env.API_KEY}</c>.</summary>
    public const string Environment = "environment";

    /// <summary>Another workload's service port (of this app or another): <c>${resources.api.hostname}:${resources.api.port}</c>.</summary>
    public const string ServicePort = "service-port";

    /// <summary>
    /// A bucket of its own on the platform's S3-compatible endpoint (<c>gantry up --s3-endpoint</c>), or, on a platform
    /// without one, as the s3 provisioner definition says (the built-in one: a MinIO server Gantry runs).
    /// </summary>
    public const string S3 = "s3";

    public static IReadOnlyList<string> Supported { get; } = [Route, Dns, Volume, Environment, ServicePort, S3];

    public static bool IsSupported(string? type) => type is Route or Dns or Volume or Environment or ServicePort or S3;

    /// <summary>The types Gantry alone serves, which no provisioner definition may provide (s3 may: see <see cref="S3"/>).</summary>
    public static bool IsFixed(string? type) => type is Route or Dns or Volume or Environment or ServicePort;

    /// <summary>score-compose's outputs of an s3 resource, with the <c>aws_</c> names AWS SDKs read.</summary>
    public static IReadOnlyList<string> S3Outputs { get; } = ["endpoint", "region", "bucket", "access_key_id", "secret_key", "aws_access_key_id", "aws_secret_key"];

    public static IReadOnlyList<string> OutputsOf(string type) => type switch
    {
        Dns => ["host"],
        Volume => ["source"],
        ServicePort => ["hostname", "port"],
        S3 => S3Outputs,
        _ => [],
    };

    /// <summary>The engine volume a volume resource gives: per app and resource (or Score <c>id</c>, so workloads can share one).</summary>
    public static string VolumeName(string app, ScoreResourceKey resource) => $"gantry-{app}-{resource.Id ?? resource.Name}";
}

/// <summary>What names a resource across workloads: its name, or its Score <c>id</c> when set.</summary>
internal readonly record struct ScoreResourceKey(string Name, string? Id);
