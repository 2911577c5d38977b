using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Copies backups to the platform's S3 bucket, when it has one. An upload counts only once the bucket answers for the
/// object with the file's size; anything else is an error the backup fails with (its local file is kept).
/// </summary>
public sealed class BackupUploader(S3BackupTarget? target, BackupFiles files) : IDisposable
{
    private readonly AmazonS3Client? _client = target is null ? null : new AmazonS3Client(
        new BasicAWSCredentials(target.AccessKeyId, target.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = target.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = target.Region,
            MaxErrorRetry = 2,
            // Plain bodies: not every S3-compatible server understands aws-chunked uploads with trailing checksums
            // (s3rver stores the chunk framing as the object), and the size check below would fail them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromMinutes(30),
        });

    public bool Enabled => _client is not null;

    public void Dispose() => _client?.Dispose();

    /// <summary>Uploads the file; returns where it is (<c>s3://BUCKET/KEY</c>) once the bucket confirms its size.</summary>
    public async Task<string> UploadAsync(string relative, long size, string sha256, CancellationToken cancellationToken)
    {
        var key = KeyOf(relative);
        try
        {
            await _client!.PutObjectAsync(new PutObjectRequest
            {
                BucketName = target!.Bucket,
                Key = key,
                FilePath = files.PathOf(relative),
                UseChunkEncoding = false,
                Metadata = { ["gantry-sha256"] = sha256 },
            }, cancellationToken);
            var head = await _client.GetObjectMetadataAsync(target.Bucket, key, cancellationToken);
            return head.ContentLength == size
                ? target.Describe(key)
                : throw new ResourceException($"upload to {target.Describe(key)}: the bucket holds {head.ContentLength} bytes, not {size}; the file is kept at {files.PathOf(relative)}");
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw new ResourceException($"upload to {target!.Describe(key)} failed: {e.Message}; the file is kept at {files.PathOf(relative)}");
        }
    }

    /// <summary>Brings a backup's file back from the bucket when it is no longer on this machine.</summary>
    public async Task DownloadAsync(string relative, CancellationToken cancellationToken)
    {
        var key = KeyOf(relative);
        try
        {
            using var response = await _client!.GetObjectAsync(target!.Bucket, key, cancellationToken);
            await using var output = files.CreatePartial(relative);
            await response.ResponseStream.CopyToAsync(output, cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            files.DeletePartial(relative);
            throw new ResourceException($"download of {target!.Describe(key)} failed: {e.Message}");
        }

        await files.CompleteAsync(relative, cancellationToken);
    }

    /// <summary>Removes an expired backup's copy; a copy already gone is fine.</summary>
    public async Task DeleteAsync(string relative, CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            await _client.DeleteObjectAsync(target!.Bucket, KeyOf(relative), cancellationToken);
        }
    }

    private string KeyOf(string relative) => target!.Prefix.Length == 0 ? relative : $"{target.Prefix}/{relative}";
}
