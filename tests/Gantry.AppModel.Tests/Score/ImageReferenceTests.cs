using Gantry.AppModel.Score;

namespace Gantry.AppModel.Tests.Score;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("nginx")]
    [InlineData("nginx:1.27")]
    [InlineData("library/nginx:1.27-alpine")]
    [InlineData("ghcr.io/acme/api:2.1")]
    [InlineData("localhost:5000/team/app_name__x:v1")]
    [InlineData("localhost/gantry-test/busybox:1")]
    [InlineData("registry.example.com/a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void ValidReferences_HaveNoProblem(string image) => Assert.Null(ImageReference.Problem(image));

    [Theory]
    [InlineData("My Image:latest")]
    [InlineData("Nginx")]
    [InlineData("nginx:")]
    [InlineData("nginx::1")]
    [InlineData("-nginx")]
    [InlineData("nginx/")]
    [InlineData("nginx@sha256:xyz")]
    [InlineData("./app")]
    public void InvalidReferences_AreExplained(string image) =>
        Assert.Contains($"image '{image}' is not a valid image reference", ImageReference.Problem(image));
}
