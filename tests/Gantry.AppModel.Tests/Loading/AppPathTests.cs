using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Tests.Loading;

public sealed class AppPathTests
{
    [Theory]
    [InlineData("", "score.yaml", "score.yaml")]
    [InlineData("web", "score.yaml", "web/score.yaml")]
    [InlineData("web", "../api/score.yaml", "api/score.yaml")]
    [InlineData("web", "./config//app.conf", "web/config/app.conf")]
    [InlineData("web", "config\\app.conf", "web/config/app.conf")]
    [InlineData("a/b", "..", "a")]
    public void TryCombine_WhenPathStaysInside_ReturnsItRelativeToTheRoot(string folder, string path, string expected)
    {
        Assert.True(AppPath.TryCombine(folder, path, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", "../x.yaml", "points outside")]
    [InlineData("web", "../../x.yaml", "points outside")]
    [InlineData("web", "/etc/passwd", "absolute path")]
    [InlineData("web", "C:\\x.yaml", "absolute path")]
    [InlineData("web", "", "empty")]
    [InlineData("web", "a\0b", "NUL")]
    public void TryCombine_WhenPathEscapesOrIsAbsolute_ExplainsWhy(string folder, string path, string problemPart)
    {
        Assert.False(AppPath.TryCombine(folder, path, out _, out var problem));
        Assert.Contains(problemPart, problem, StringComparison.Ordinal);
    }
}
