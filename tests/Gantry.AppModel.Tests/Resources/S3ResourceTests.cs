using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Resources;

/// <summary>The <c>s3</c> resource: a bucket per resource on the platform's endpoint, with score-compose's outputs.</summary>
public sealed class S3ResourceTests
{
    private static string Score(string resource = "  media:\n    type: s3") => $$"""
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          main:
            image: nginx
            variables:
              ENDPOINT: ${resources.media.endpoint}
              BUCKET: ${resources.media.bucket}
              REGION: ${resources.media.region}
              KEY: ${resources.media.access_key_id}
              AWS_ACCESS_KEY_ID: ${resources.media.aws_access_key_id}
              SECRET: ${resources.media.secret_key}
              AWS_SECRET_ACCESS_KEY: ${resources.media.aws_secret_key}
        resources:
        {{resource}}
        """;

    private static AppLoadResult Load(string score, AppLoadOptions options) =>
        AppLoader.Load(new InMemoryAppFiles(new Dictionary<string, string> { ["score.yaml"] = score }), "score.yaml", options);

    [Fact]
    public void TheOutputs_AreTheBucketOnThePlatformsEndpoint_AndTheSecretKeyIsSecret()
    {
        var result = Load(Score(), AppLoadOptions.Local with { ObjectStorage = new Endpoint(true) });

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var container = result.App.Workloads[0].Containers[0];
        Assert.Equal("https://s3.test", container.Variables["ENDPOINT"]);
        Assert.Equal("web-web-media", container.Variables["BUCKET"]);
        Assert.Equal("eu-west-1", container.Variables["REGION"]);
        Assert.Equal("AKID", container.Variables["KEY"]);
        Assert.Equal("AKID", container.Variables["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("s3cr3t", container.Variables["SECRET"]);
        Assert.Equal("s3cr3t", container.Variables["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(["AWS_SECRET_ACCESS_KEY", "SECRET"], container.SecretVariables.Order());
        Assert.Equal("web-web-media", Assert.Single(result.App.Buckets));

        // Kept for resources list: the plain outputs only, the secret key read from the endpoint when shown.
        var attached = Assert.Single(result.App.Attached);
        Assert.Equal(("web-web-media", "s3", "https://s3.test", "web:media"), (attached.Key, attached.Type, attached.Service, Assert.Single(attached.Workloads)));
        Assert.Equal(["access_key_id", "aws_access_key_id", "bucket", "endpoint", "region"], attached.Outputs.Keys.Order());
        Assert.DoesNotContain("s3cr3t", attached.Outputs.Values);
    }

    [Theory]
    [InlineData("  media:\n    type: s3\n    id: shared.media", "web-shared-media-")]
    [InlineData("  media:\n    type: s3\n    id: assets", "web-assets")]
    public void ABucketsName_FollowsS3sRules_WithAHashWhenItHadToChange(string resource, string expected)
    {
        var result = Load(Score(resource), AppLoadOptions.Local with { ObjectStorage = new Endpoint(true) });

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var bucket = Assert.Single(result.App.Buckets);
        Assert.StartsWith(expected, bucket);
        Assert.Matches("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", bucket);
        Assert.Equal(expected.EndsWith('-') ? expected.Length + 8 : expected.Length, bucket.Length);
    }

    [Fact]
    public void WithoutAnEndpoint_TheResourceIsAnErrorAtItsType()
    {
        var result = Load(Score(), AppLoadOptions.Local with { ObjectStorage = new Endpoint(false) });

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("score.yaml:17:11: resources.media.type", error);
        Assert.Contains("needs the platform's S3-compatible endpoint: start Gantry with --s3-endpoint URL", error);
    }

    [Fact]
    public void WithoutThePlatform_TheOutputsStandIn_ButAClusterLoadRefusesThem()
    {
        var local = Load(Score(), AppLoadOptions.Local);
        Assert.True(local.Succeeded, TestApp.Describe(local));
        Assert.Equal("${resources.media.bucket}", local.App.Workloads[0].Containers[0].Variables["BUCKET"]);

        var cluster = Load(Score(), AppLoadOptions.Cluster);
        Assert.Contains(cluster.Errors, e => e.ToString().Contains("resource 'media' of type 's3' is not rendered for Kubernetes yet", StringComparison.Ordinal));
    }

    private sealed class Endpoint(bool has) : IObjectStorage
    {
        public bool HasEndpoint => has;

        public S3Bucket Bucket(string bucket) => new("https://s3.test", "eu-west-1", bucket, "AKID", "s3cr3t");
    }
}
