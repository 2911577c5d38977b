using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

public sealed class DirectoryAppFilesTests : IDisposable
{
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("gantry-appfiles-");
    private readonly string _root;

    public DirectoryAppFilesTests()
    {
        _root = Path.Combine(_outside.FullName, "app");
        Directory.CreateDirectory(Path.Combine(_root, "web"));
        File.WriteAllText(Path.Combine(_root, "web", "score.yaml"), "inside");
        File.WriteAllText(Path.Combine(_outside.FullName, "secret.txt"), "outside");
    }

    public void Dispose() => _outside.Delete(recursive: true);

    [Fact]
    public void ReadText_WhenPathIsInsideTheRoot_ReadsTheFile()
    {
        var files = new DirectoryAppFiles(_root);

        Assert.Equal("inside", files.ReadText("web/score.yaml"));
        Assert.Equal("inside", files.ReadText("./web/../web/score.yaml"));
        Assert.True(((IAppFiles)files).FileExists("web/score.yaml"));
        Assert.True(files.DirectoryExists("web"));
        Assert.True(files.DirectoryExists(""));
        Assert.Null(files.ReadText("web/missing.yaml"));
        Assert.Null(files.ReadText("web"));
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("web/../../secret.txt")]
    [InlineData("/etc/passwd")]
    public void ReadText_WhenPathLeavesTheRoot_ReadsNothing(string path)
    {
        var files = new DirectoryAppFiles(_root);

        Assert.Null(files.ReadText(path));
        Assert.False(((IAppFiles)files).FileExists(path));
    }

    [Fact]
    public void ReadText_WhenASymbolicLinkLeadsOutOfTheRoot_ReadsNothing()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "link.txt"), Path.Combine(_outside.FullName, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "up"), _outside.FullName);
        File.CreateSymbolicLink(Path.Combine(_root, "ok.txt"), Path.Combine(_root, "web", "score.yaml"));
        var files = new DirectoryAppFiles(_root);

        Assert.Null(files.ReadText("link.txt"));
        Assert.Null(files.ReadText("up/secret.txt"));
        Assert.False(files.DirectoryExists("up"));
        Assert.Equal("inside", files.ReadText("ok.txt"));
    }

    [Fact]
    public void Load_WhenScoreFileIsOutsideTheRoot_ReportsAnErrorInsteadOfReadingIt()
    {
        File.WriteAllText(Path.Combine(_root, "gantry.yaml"), "name: hello\nworkloads:\n  - score: ../secret.txt\n");

        var result = AppLoader.Load(new DirectoryAppFiles(_root), "gantry.yaml");

        Assert.Equal("gantry.yaml:3:12: workloads[0].score: '../secret.txt' points outside the app's folder", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_WhenFileSourceIsAFolder_SaysSo()
    {
        File.WriteAllText(Path.Combine(_root, "score.yaml"), TestApp.Web + "    files:\n      /etc/x:\n        source: web\n");

        var result = AppLoader.Load(new DirectoryAppFiles(_root), "score.yaml");

        Assert.Equal("score.yaml:9:17: containers.app.files./etc/x.source: 'web' is a folder; a file source must be a file", Assert.Single(result.Errors).ToString());
    }
}
