using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

public sealed class InMemoryAppFilesTests
{
    private readonly IAppFiles _files = new InMemoryAppFiles(
        new Dictionary<string, string> { ["web/score.yaml"] = "score", ["./gantry.yaml"] = "gantry", ["../outside"] = "x" },
        new HashSet<string> { "empty/folder" });

    [Fact]
    public void ReadText_WhenPathIsNormalizedToAKnownFile_ReturnsItsText()
    {
        Assert.Equal("score", _files.ReadText("web/score.yaml"));
        Assert.Equal("score", _files.ReadText("web/./score.yaml"));
        Assert.Equal("gantry", _files.ReadText("gantry.yaml"));
        Assert.True(_files.FileExists("gantry.yaml"));
        Assert.Null(_files.ReadText("missing.yaml"));
    }

    [Fact]
    public void ReadText_WhenPathLeavesTheRoot_ReturnsNull()
    {
        Assert.Null(_files.ReadText("../outside"));
        Assert.Null(_files.ReadText("web/../../outside"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("web", true)]
    [InlineData("empty", true)]
    [InlineData("empty/folder", true)]
    [InlineData("web/score.yaml", false)]
    [InlineData("nothing", false)]
    [InlineData("..", false)]
    public void DirectoryExists_WhenFolderHoldsFilesOrIsListed_ReturnsTrue(string path, bool exists) =>
        Assert.Equal(exists, _files.DirectoryExists(path));
}
