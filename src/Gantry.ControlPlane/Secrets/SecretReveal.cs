using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Secrets;

/// <summary>Shows a release's secret values to someone who asks for them explicitly, and records who did in the app's events.</summary>
public sealed class SecretReveal(IDbContextFactory<GantryDbContext> dbFactory, AppEventLog events)
{
    /// <summary>The secret values; null when the app has no such release.</summary>
    public async Task<IReadOnlyList<RevealedSecret>?> RevealAsync(string app, int release, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Releases.AsNoTracking().SingleOrDefaultAsync(r => r.App == app && r.Number == release, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var secrets = SecretRedactor.Reveal(SpecSerializer.Deserialize(record.SpecJson));
        var names = secrets.Count == 0 ? "none" : string.Join(", ", secrets.Select(s => s.Name).Distinct(StringComparer.Ordinal));
        await events.WriteAsync(app, release, "release.secrets.revealed", $"secret values of release {release} shown to {actor} ({names})", actor, cancellationToken);
        return secrets;
    }
}
