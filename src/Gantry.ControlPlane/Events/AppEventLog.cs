using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Events;

/// <summary>
/// Writes app events to the store (history, audit, deploy progress), secrets scrubbed, with their deliveries to the
/// notification destinations that take them in the same transaction; mirrors them to the server log and tells observers.
/// </summary>
public sealed partial class AppEventLog(
    IDbContextFactory<GantryDbContext> dbFactory,
    TimeProvider time,
    SecretScrubber secrets,
    NotificationDestinations destinations,
    Outbox outbox,
    IEnumerable<IAppEventObserver> observers,
    ILogger<AppEventLog> logger)
{
    private readonly IAppEventObserver[] _observers = [.. observers];

    public const string PlatformActor = "gantry";

    public async Task WriteAsync(string app, int? release, string kind, string message, string actor = PlatformActor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var written = await StageAsync(db, app, release, kind, message, actor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        written();
    }

    /// <summary>
    /// Adds an event and its deliveries to <paramref name="db"/>, to be saved with the change it reports (so neither
    /// is stored without the other); call the returned action once saved, to announce it.
    /// </summary>
    public async Task<Action> StageAsync(GantryDbContext db, string app, int? release, string kind, string message, string actor, CancellationToken cancellationToken)
    {
        // Messages may quote an instance's output or a command line: no secret of the app goes into history.
        message = secrets.Scrub(app, message);
        var record = new EventRecord { Time = time.GetUtcNow(), App = app, Release = release, Kind = kind, Message = message, Actor = actor };
        db.Events.Add(record);
        var taking = await destinations.TakingAsync(app, kind, cancellationToken);
        outbox.Stage(db, record, taking);
        return () =>
        {
            if (taking.Count > 0)
            {
                outbox.Signal();
            }

            LogEvent(logger, app, release, kind, record.Message);
            foreach (var observer in _observers)
            {
                observer.Written(record);
            }
        };
    }

    public async Task<IReadOnlyList<EventRecord>> ListAsync(string? app, int? release, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Events.AsNoTracking().Where(e => e.Id > afterId);
        if (app is not null)
        {
            query = query.Where(e => e.App == app);
        }

        if (release is not null)
        {
            query = query.Where(e => e.Release == release);
        }

        var newest = await query.OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{App} release {Release}: {Kind}: {Message}")]
    private static partial void LogEvent(ILogger logger, string app, int? release, string kind, string message);
}
