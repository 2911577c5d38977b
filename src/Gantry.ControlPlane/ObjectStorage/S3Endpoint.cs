namespace Gantry.ControlPlane.ObjectStorage;

/// <summary>
/// The S3-compatible endpoint apps get buckets on (<c>gantry up --s3-endpoint URL</c>): the URL and region from the
/// command line, the credentials from the environment, never from a command line.
/// </summary>
public sealed record S3Endpoint(Uri Url, string Region, string AccessKeyId, string SecretKey)
{
    public const string AccessKeyVariable = "GANTRY_S3_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "GANTRY_S3_SECRET_ACCESS_KEY";

    /// <summary>The endpoint, or why the URL or the environment cannot make one (naming the flag or variable).</summary>
    public static S3Endpoint? Parse(string url, string region, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.AbsolutePath.Trim('/').Length > 0 || !string.IsNullOrEmpty(uri.Query))
        {
            problem = $"--s3-endpoint: '{url}' is not the http(s) URL of an S3-compatible server without a path, such as https://s3.example.com";
            return null;
        }

        if (S3Credentials.Read(environment, AccessKeyVariable, SecretKeyVariable, "--s3-endpoint", "its", out problem) is not { } credentials)
        {
            return null;
        }

        return new S3Endpoint(new Uri(uri.GetLeftPart(UriPartial.Authority)), region, credentials.AccessKeyId, credentials.SecretKey);
    }

    /// <summary>Never the secret key, should a record be printed.</summary>
    public override string ToString() => $"{Url} ({Region})";
}
