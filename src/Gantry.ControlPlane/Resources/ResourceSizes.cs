using System.Collections.Concurrent;
using System.Globalization;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// The bytes each resource takes on its server, from its definition's <c>size</c> step, kept for half a minute: the
/// console's live page asks often, and every ask starts a client program. Asked only of a server that is running
/// (a size is never worth starting one); null when the type cannot tell or the step failed.
/// </summary>
public sealed partial class ResourceSizes(PlatformServices services, StepRunner steps, TimeProvider time, ILogger<ResourceSizes> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (long? Bytes, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    public async Task<long?> OfAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (context.Definition.Size is not { } size || services.StatusOf(context.Service.Name)?.State != ServiceState.Running)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_known.TryGetValue(context.Resource.Key, out var known) && now - known.At < Fresh)
        {
            return known.Bytes;
        }

        long? bytes = null;
        try
        {
            var output = (await steps.RunAsync(ServicePlans.Steps(context, [size])[0], cancellationToken)).Stdout.Trim();
            bytes = long.TryParse(output, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            if (bytes is null)
            {
                LogUnreadable(context.Resource.Key, output.Length > 80 ? output[..80] : output);
            }
        }
        catch (StepFailedException e)
        {
            LogFailed(context.Resource.Key, e.Message);
        }

        _known[context.Resource.Key] = (bytes, now);
        return bytes;
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Debug, Message = "The size step of resource {Resource} printed no number: {Output}")]
    private partial void LogUnreadable(string resource, string output);

    [LoggerMessage(EventId = 431, Level = LogLevel.Debug, Message = "The size step of resource {Resource} failed: {Problem}")]
    private partial void LogFailed(string resource, string problem);
}
