namespace Gantry.Runtime.Builds.Container;

/// <summary>The image builder's log events (ids 1450–1469).</summary>
internal static partial class BuildLog
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Information, Message = "Building image {Image} on the engine")]
    public static partial void Building(ILogger logger, string image);
}
