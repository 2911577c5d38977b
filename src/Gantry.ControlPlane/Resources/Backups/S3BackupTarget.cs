namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// An S3-compatible bucket backups are also uploaded to (<c>gantry up --backup-s3 URL</c>): the endpoint, the bucket
/// and a key prefix from a path-style URL (<c>https://s3.example.com/BUCKET/PREFIX</c>); the credentials from the
/// environment, never from a command line.
/// </summary>
public sealed record S3BackupTarget(Uri Endpoint, string Bucket, string Prefix, string Region, string AccessKeyId, string SecretKey)
{
    public const string AccessKeyVariable = "GANTRY_BACKUP_S3_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "GANTRY_BACKUP_S3_SECRET_ACCESS_KEY";

    /// <summary>Where an object is, for people: <c>s3://BUCKET/KEY</c>.</summary>
    public string Describe(string key) => $"s3://{Bucket}/{key}";

    /// <summary>The target, or why the URL or the environment cannot make one (naming the flag or variable).</summary>
    public static S3BackupTarget? Parse(string url, string region, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
        {
            problem = $"--backup-s3: '{url}' is not an http(s) URL of a bucket, such as https://s3.example.com/backups";
            return null;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/', 2);
        if (segments[0].Length == 0)
        {
            problem = $"--backup-s3: '{url}' names no bucket: give it as the URL's path (https://s3.example.com/BUCKET)";
            return null;
        }

        if (ObjectStorage.S3Credentials.Read(environment, AccessKeyVariable, SecretKeyVariable, "--backup-s3", "the bucket's", out problem) is not { } credentials)
        {
            return null;
        }

        var prefix = segments.Length > 1 ? segments[1].Trim('/') : "";
        return new S3BackupTarget(new Uri(uri.GetLeftPart(UriPartial.Authority)), segments[0], prefix, region, credentials.AccessKeyId, credentials.SecretKey);
    }

    /// <summary>Never the secret key, should a record be printed.</summary>
    public override string ToString() => $"{Endpoint}{Bucket}/{Prefix} ({Region})";
}
