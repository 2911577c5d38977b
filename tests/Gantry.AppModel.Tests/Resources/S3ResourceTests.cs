using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

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
    public void WithoutAnEndpointOrAnS3Definition_TheResourceIsAnErrorAtItsType()
    {
        var result = Load(Score(), AppLoadOptions.Local with { ObjectStorage = new Endpoint(false) });

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("score.yaml:17:11: resources.media.type", error);
        Assert.Contains("needs the platform's S3-compatible endpoint (start Gantry with --s3-endpoint URL and its credentials) or an s3 provisioner definition", error);
    }

    [Fact]
    public void WithoutAnEndpoint_TheBuiltInS3Definition_ProvisionsIt_WithSecretKeysAndABucketName()
    {
        var builtIn = new ProvisionerCatalog(ProvisionerFiles.LoadBuiltIn().Definitions);
        var result = Load(Score("  media:\n    type: s3\n    id: shared.media"), AppLoadOptions.Local with { ObjectStorage = new Endpoint(false), Provisioners = builtIn });

        Assert.True(result.Succeeded, TestApp.Describe(result));
        var resource = Assert.Single(result.App.Resources);
        Assert.Equal(("s3", "default", "shared.media"), (resource.Type, resource.Class, resource.Id));
        // Served by the definition: no bucket on an endpoint, nothing attached beside the provisioned resource.
        Assert.Empty(result.App.Buckets);
        Assert.Empty(result.App.Attached);
        Assert.Equal(["AWS_SECRET_ACCESS_KEY", "SECRET"], result.App.Workloads[0].Containers[0].SecretVariables.Order());

        // The bucket it generates keeps to S3's rules; the dot of the Score id had to change, so the name ends in a hash.
        var bucket = Assert.Single(builtIn.Find("s3", null)!.Generated, g => g.Name == "bucket");
        var name = GeneratedValues.Make(bucket, TemplateValues.Empty.With(TemplatePaths.App, "web").With(TemplatePaths.ResourceKey, resource.Key));
        Assert.Matches("^shared-media-[0-9a-f]{8}$", name);
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
