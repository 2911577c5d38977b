using System.Text;
using System.Text.RegularExpressions;
using Gantry.AppModel.Loading;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Settings;

/// <summary>
/// The values environment resources read (<c>gantry config</c>): per app and platform-wide, sealed at rest, shown
/// only when revealed (each reveal an event), changed all together or not at all. A change reaches an app with its
/// next deploy: a release's variables are fixed when it is created, so a rollback brings back the values it had.
/// </summary>
public sealed partial class SettingsStore(
    IDbContextFactory<GantryDbContext> dbFactory,
    IDataProtectionProvider protection,
    SecretFingerprint fingerprints,
    SecretScrubber secrets,
    AppEventLog events,
    TimeProvider time)
{
    public const int MaxKeys = 200;
    public const int MaxValueBytes = 32 * 1024;

    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Settings.v1");

    /// <summary>The settings an app sees (its own over the platform's), or the platform's when <paramref name="app"/> is <see cref="SettingRecord.Platform"/>.</summary>
    public async Task<IReadOnlyList<SettingInfo>> ListAsync(string app, bool reveal, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Settings.AsNoTracking().Where(s => s.App == app || s.App == SettingRecord.Platform).ToListAsync(cancellationToken);
        var seen = records
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.App.Length).First())
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => Info(s, reveal))
            .ToList();
        if (reveal && seen.Count > 0)
        {
            await events.WriteAsync(app, null, "config.revealed",
                $"values of {Describe(app)} shown to {actor} ({string.Join(", ", seen.Select(s => s.Key))})", actor, cancellationToken);
        }

        return seen;
    }

    /// <summary>Sets keys with a value and unsets keys given null, in one transaction; refused whole when any key or value is wrong.</summary>
    public async Task<IReadOnlyList<SettingInfo>> ChangeAsync(string app, IReadOnlyDictionary<string, string?>? values, string actor, CancellationToken cancellationToken)
    {
        if (values is null || values.Count == 0)
        {
            throw new SettingsException(StatusCodes.Status400BadRequest, "values: give at least one key, for example {\"values\": {\"API_KEY\": \"…\"}} (null unsets a key)");
        }

        foreach (var (key, value) in values)
        {
            Check(key, value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Settings.Where(s => s.App == app).ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
        var now = time.GetUtcNow();
        var set = new List<string>();
        var unset = new List<string>();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                if (existing.Remove(key, out var gone))
                {
                    db.Settings.Remove(gone);
                    unset.Add(key);
                }

                continue;
            }

            if (!existing.TryGetValue(key, out var record))
            {
                record = new SettingRecord { App = app, Key = key, SealedValue = "", UpdatedBy = actor };
                db.Settings.Add(record);
                existing[key] = record;
            }

            record.SealedValue = _protector.Protect(value);
            record.UpdatedAt = now;
            record.UpdatedBy = actor;
            set.Add(key);
        }

        if (existing.Count > MaxKeys)
        {
            throw new SettingsException(StatusCodes.Status400BadRequest, $"values: {Describe(app)} would have {existing.Count} keys; at most {MaxKeys} are kept");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another change added one of these keys between reading and saving: nothing of this one was kept.
            throw new SettingsException(StatusCodes.Status409Conflict, $"{Describe(app)} changed while this change was made; nothing was changed, try again");
        }

        secrets.Remember(app, values.Values.OfType<string>());
        var changes = new List<string>();
        if (set.Count > 0)
        {
            changes.Add($"set {string.Join(", ", set)}");
        }

        if (unset.Count > 0)
        {
            changes.Add($"unset {string.Join(", ", unset)}");
        }

        if (changes.Count > 0)
        {
            await events.WriteAsync(app, null, "config.changed", $"{Describe(app)}: {string.Join("; ", changes)}", actor, cancellationToken);
        }

        return await ListAsync(app, reveal: false, actor, cancellationToken);
    }

    /// <summary>What a deploy's environment resources read: every app's settings over the platform's, read once.</summary>
    public async Task<EnvironmentSettings> ForDeployAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Settings.AsNoTracking().ToListAsync(cancellationToken);
        var byApp = records.GroupBy(s => s.App, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(s => s.Key, s => _protector.Unprotect(s.SealedValue), StringComparer.Ordinal), StringComparer.Ordinal);
        var platform = byApp.GetValueOrDefault(SettingRecord.Platform) ?? [];
        foreach (var own in byApp.Values.Where(v => v != platform))
        {
            foreach (var (key, value) in platform)
            {
                own.TryAdd(key, value);
            }
        }

        return new EnvironmentSettings(
            app => byApp.GetValueOrDefault(app) ?? platform,
            app => $"with 'gantry config set {app} KEY=VALUE' (for every app: 'gantry config set --platform KEY=VALUE') and deploy again");
    }

    private static void Check(string key, string? value)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new SettingsException(StatusCodes.Status400BadRequest,
                $"values: '{key}' is not a key; a key is 1 to 128 letters, digits and '_', not starting with a digit (API_KEY)");
        }

        if (value is not null && Encoding.UTF8.GetByteCount(value) is var bytes && bytes > MaxValueBytes)
        {
            throw new SettingsException(StatusCodes.Status400BadRequest, $"values.{key}: {bytes} bytes; a value holds at most {MaxValueBytes / 1024} KB");
        }
    }

    private static string Describe(string app) => app == SettingRecord.Platform ? "the platform's settings" : $"app {app}'s settings";

    private SettingInfo Info(SettingRecord record, bool reveal)
    {
        var value = _protector.Unprotect(record.SealedValue);
        var scope = record.App == SettingRecord.Platform ? "platform" : "app";
        return new SettingInfo(record.Key, scope, fingerprints.Of(value), reveal ? value : null, record.UpdatedAt, record.UpdatedBy);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex KeyPattern();
}
