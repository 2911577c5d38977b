using Gantry.AppModel.GantryFile;

namespace Gantry.AppModel.Tests.GantryFile;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("0s", 0)]
    public void TryParse_WhenDurationHasUnits_ReturnsIt(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("60")]
    [InlineData("1.5s")]
    [InlineData("10 s")]
    [InlineData("-5s")]
    [InlineData("5d")]
    [InlineData("")]
    [InlineData("5s\n")]
    public void TryParse_WhenTextIsNotADuration_ReturnsFalse(string text) =>
        Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void TryParse_WhenPartsAddUpHugely_DoesNotOverflow()
    {
        Assert.True(Durations.TryParse(string.Concat(Enumerable.Repeat("999999h", 1000)), out var duration));
        Assert.True(duration > Durations.Max);
    }
}
