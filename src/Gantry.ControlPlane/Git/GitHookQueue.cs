using System.Threading.Channels;

namespace Gantry.ControlPlane.Git;

/// <summary>
/// The work webhooks ask for, done one at a time after the delivery is answered: a provider waits a few seconds at
/// most, and a fetch and build take longer. In order, so two quick pushes deploy in the order they came.
/// </summary>
public sealed partial class GitHookQueue(ILogger<GitHookQueue> logger) : BackgroundService
{
    private readonly Channel<(string What, Func<CancellationToken, Task> Work)> _work = Channel.CreateUnbounded<(string, Func<CancellationToken, Task>)>();

    public void Enqueue(string what, Func<CancellationToken, Task> work) => _work.Writer.TryWrite((what, work));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (what, work) in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await work(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Each piece of work records its own outcome as app events; this is what none of them expected.
                LogFailed(logger, what, e);
            }
        }
    }

    [LoggerMessage(EventId = 901, Level = LogLevel.Error, Message = "webhook work '{What}' failed")]
    private static partial void LogFailed(ILogger logger, string what, Exception exception);
}
