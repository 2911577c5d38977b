using Microsoft.AspNetCore.Components;

namespace Gantry.ControlPlane.Console.Shared;

/// <summary>
/// A page that stays current without a reload: it re-reads its data every second once it is interactive, so every
/// open browser sees deploys, failures and scale changes as they happen (whoever made them).
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>While true (a user paused a log tail, say), the page is left as it is.</summary>
    protected bool Paused { get; set; }

    protected abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected override Task OnInitializedAsync() => RefreshAsync(_stop.Token);

    protected override void OnAfterRender(bool firstRender)
    {
        // Only after the first interactive render: a prerendered page has no circuit to push updates to.
        if (firstRender && RendererInfo.IsInteractive)
        {
            _loop = RefreshLoopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (!Paused)
                {
                    await InvokeAsync(async () =>
                    {
                        await RefreshAsync(_stop.Token);
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
