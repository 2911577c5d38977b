using Gantry.ControlPlane.Resources.Backups;

namespace Gantry.ControlPlane.Tests.Resources;

/// <summary><c>--backup-s3 URL</c>: a path-style bucket URL, credentials only from the environment, clear errors.</summary>
public sealed class S3BackupTargetTests
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        [S3BackupTarget.AccessKeyVariable] = "AKID",
        [S3BackupTarget.SecretKeyVariable] = "very-secret",
    };

    [Fact]
    public void APathStyleUrl_GivesTheEndpointBucketAndPrefix_AndTheCredentialsComeFromTheEnvironment()
    {
        var target = S3BackupTarget.Parse("https://s3.example.com:9000/backups/gantry/prod/", "eu-west-1", Credentials.GetValueOrDefault, out var problem);

        Assert.Null(problem);
        Assert.Equal(new Uri("https://s3.example.com:9000/"), target!.Endpoint);
        Assert.Equal(("backups", "gantry/prod", "eu-west-1", "AKID"), (target.Bucket, target.Prefix, target.Region, target.AccessKeyId));
        Assert.Equal("s3://backups/gantry/prod/x.dump", target.Describe("gantry/prod/x.dump"));
        Assert.DoesNotContain("very-secret", target.ToString());
    }

    [Theory]
    [InlineData("s3.example.com/backups", "is not an http(s) URL of a bucket")]
    [InlineData("ftp://s3.example.com/backups", "is not an http(s) URL of a bucket")]
    [InlineData("https://s3.example.com/", "names no bucket")]
    public void AUrlThatIsNotABucket_IsRefusedNamingTheFlag(string url, string expected)
    {
        Assert.Null(S3BackupTarget.Parse(url, "us-east-1", Credentials.GetValueOrDefault, out var problem));
        Assert.StartsWith("--backup-s3: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutCredentials_TheErrorNamesTheVariables()
    {
        Assert.Null(S3BackupTarget.Parse("https://s3.example.com/backups", "us-east-1", _ => null, out var problem));
        Assert.Contains(S3BackupTarget.AccessKeyVariable, problem, StringComparison.Ordinal);
        Assert.Contains(S3BackupTarget.SecretKeyVariable, problem, StringComparison.Ordinal);
    }
}
