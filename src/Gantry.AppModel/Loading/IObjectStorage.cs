namespace Gantry.AppModel.Loading;

/// <summary>The S3-compatible endpoint a platform gives buckets on: what <c>s3</c> resources read.</summary>
public interface IObjectStorage
{
    /// <summary>False: the platform has no endpoint, so an s3 resource is refused.</summary>
    bool HasEndpoint { get; }

    /// <summary>The bucket <paramref name="bucket"/> on the platform's endpoint, with the credentials apps use.</summary>
    S3Bucket Bucket(string bucket);
}

/// <summary>The outputs of an <c>s3</c> resource.</summary>
public sealed record S3Bucket(string Endpoint, string Region, string Name, string AccessKeyId, string SecretKey);
