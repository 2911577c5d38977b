using Gantry.ControlPlane.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

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

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    /// <summary>What the signed-in user may see and do.</summary>
    [Inject]
    protected ConsoleAccess Access { get; set; } = default!;

    [CascadingParameter]
    private ConsoleClient? Client { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>
    /// Runs a change the user asked for, recorded in the audit log under their name (<paramref name="summary"/> holds
    /// no secret), once their role is checked: at least <paramref name="least"/> on <paramref name="app"/>, or on the
    /// platform when <paramref name="platform"/>. A refusal throws <see cref="ConsoleRefusedException"/>, whatever the page showed.
    /// </summary>
    protected async Task<T> AuditedAsync<T>(string action, string? app, Security.Access.Role least, object summary, Func<Task<T>> work, bool platform = false) =>
        await Audit.RunAsync(Client ?? new ConsoleClient("", ""), await ActorAsync(), action, app, summary, async () =>
            await Access.RefusalAsync(action, least, app, CancellationToken.None, platform) is { } refusal ? throw new ConsoleRefusedException(refusal) : await work());

    /// <summary>
    /// A change through a service the API shares (see <see cref="AuditedAsync{T}"/>): the message to show, which is
    /// <paramref name="done"/> of what it made, or why it was refused or failed.
    /// </summary>
    protected Task<string?> ChangeAsync<T>(string action, string? app, Security.Access.Role least, object summary, Func<Task<Api.Outcome<T>>> work, Func<T, string> done, bool platform = false) =>
        AttemptAsync(async () =>
        {
            var outcome = await AuditedAsync(action, app, least, summary, work, platform);
            return outcome.Refused is { } refused ? refused.Message : done(outcome.Value!);
        });

    /// <summary>A change that makes nothing to show: <paramref name="done"/>, or why it was refused or failed.</summary>
    protected Task<string?> ChangeAsync(string action, string? app, Security.Access.Role least, object summary, Func<Task<Api.Refusal?>> work, string done, bool platform = false) =>
        AttemptAsync(async () => (await AuditedAsync(action, app, least, summary, work, platform))?.Message ?? done);

    /// <summary>Who the session signed in as (a user's or a token's name): what releases and events name as their maker.</summary>
    protected async Task<string> ActorAsync() =>
        (Authentication is null ? null : (await Authentication).User.Identity?.Name) ?? "unknown";

    /// <summary>Why the page shows older data, while a refresh fails; null when it is current.</summary>
    protected string? Stale { get; private set; }

    /// <summary>Runs a user's action; a failure is shown as its message rather than ending the session's page.</summary>
    protected async Task<string?> AttemptAsync(Func<Task<string?>> action)
    {
        try
        {
            return await action();
        }
        catch (ConsoleRefusedException e)
        {
            return $"Not allowed: {e.Message}.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"That did not work: {e.GetBaseException().Message}";
        }
    }

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
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
                await InvokeAsync(async () =>
                {
                    try
                    {
                        await RefreshAsync(_stop.Token);
                        Stale = null;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A busy store or a log being rotated: say so and try again next second; never end the page.
                        Stale = $"Could not refresh ({e.GetBaseException().Message}); retrying.";
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
