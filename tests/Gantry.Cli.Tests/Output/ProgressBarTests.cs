using Gantry.Cli.Output;

namespace Gantry.Cli.Tests.Output;

public sealed class ProgressBarTests
{
    [Fact]
    public void ABar_IsDrawnForEachTenth_AndNotRepeated()
    {
        var bar = new ProgressBar();

        Assert.Equal("[#####...............] pulling x: 1 of 4 layers (25%)", bar.Next("pulling x: 1 of 4 layers (25%)", 0.25));
        Assert.Null(bar.Next("pulling x: 1 of 4 layers (26%)", 0.26));
        Assert.Equal("[####################] pulling x: 4 of 4 layers (100%)", bar.Next("pulling x: 4 of 4 layers (100%)", 1.0));
        Assert.Equal("pulling y", bar.Next("pulling y", null));
        Assert.Null(bar.Next("pulling y", null));
    }
}
