namespace Gantry.Runtime.Builds;

/// <summary>Log messages of source builds; event ids 1300–1399 are the builds'.</summary>
internal static partial class SourceBuildLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Building {Source} with the {Builder} builder into {Directory}")]
    public static partial void Building(ILogger logger, string source, string builder, string directory);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Reusing build {Key} for {Source}")]
    public static partial void Reused(ILogger logger, string key, string source);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Built {Source} with the {Builder} builder in {Elapsed}")]
    public static partial void Built(ILogger logger, string source, string builder, TimeSpan elapsed);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Building {Source} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string source, string reason);
}
