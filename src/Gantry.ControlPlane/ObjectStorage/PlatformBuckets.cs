using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Gantry.AppModel.Loading;

namespace Gantry.ControlPlane.ObjectStorage;

/// <summary>
/// Buckets for apps' <c>s3</c> resources on the platform's endpoint: a bucket per resource, made on the deploy that
/// first names it and kept with its objects (an app's delete leaves it, as it leaves volumes); apps are given the
/// endpoint's credentials, as score-compose gives its MinIO's.
/// </summary>
public sealed class PlatformBuckets(S3Endpoint? endpoint) : IObjectStorage, IDisposable
{
    private readonly AmazonS3Client? _client = endpoint is null ? null : new AmazonS3Client(
        new BasicAWSCredentials(endpoint.AccessKeyId, endpoint.SecretKey),
        new AmazonS3Config { ServiceURL = endpoint.Url.ToString(), ForcePathStyle = true, AuthenticationRegion = endpoint.Region, MaxErrorRetry = 2, Timeout = TimeSpan.FromSeconds(30) });

    public bool HasEndpoint => endpoint is not null;

    public Gantry.AppModel.Loading.S3Bucket Bucket(string bucket) =>
        new(endpoint!.Url.ToString().TrimEnd('/'), endpoint.Region, bucket, endpoint.AccessKeyId, endpoint.SecretKey);

    /// <summary>Makes the buckets that do not exist yet; throws <see cref="Resources.ResourceException"/> naming the one that could not be reached or made.</summary>
    public async Task EnsureAsync(IEnumerable<string> buckets, CancellationToken cancellationToken)
    {
        foreach (var bucket in buckets)
        {
            try
            {
                // Listed with these credentials: made by an earlier deploy (servers differ in how they answer a second PUT).
                await _client!.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 }, cancellationToken);
            }
            catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
            {
                await MakeAsync(bucket, cancellationToken);
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
            {
                throw new Resources.ResourceException($"bucket '{bucket}' could not be reached on {endpoint}: {e.Message}", StatusCodes.Status502BadGateway);
            }
        }
    }

    private async Task MakeAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await _client!.PutBucketAsync(new PutBucketRequest { BucketName = bucket, UseClientRegion = true }, cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw new Resources.ResourceException($"bucket '{bucket}' could not be made on {endpoint}: {e.Message}", StatusCodes.Status502BadGateway);
        }
    }

    public void Dispose() => _client?.Dispose();
}
