using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Tests.Validation;

public sealed class SuggestionsTests
{
    private static readonly string[] ContainerFields =
        ["image", "command", "args", "variables", "files", "volumes", "before", "resources", "livenessProbe", "readinessProbe"];

    [Theory]
    [InlineData("readinesProbe", "readinessProbe")]
    [InlineData("imagee", "image")]
    [InlineData("imgae", "image")]
    [InlineData("Image", "image")]
    [InlineData("varaibles", "variables")]
    [InlineData("comand", "command")]
    [InlineData("livenesprobe", "livenessProbe")]
    public void Closest_WhenTypoIsNearAField_ReturnsThatField(string typed, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(typed, ContainerFields));

    [Theory]
    [InlineData("env")]
    [InlineData("ports")]
    [InlineData("healthcheck")]
    public void Closest_WhenNothingIsNear_ReturnsNull(string typed) =>
        Assert.Null(Suggestions.Closest(typed, ContainerFields));
}
