using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gantry.ControlPlane.Store;

/// <summary>
/// Release specs hold the app's variables (passwords among them) and JWKS keys, so they are encrypted at rest:
/// sealed with data protection (key ring in DATA/keys) as they are saved and opened as entities are read, so the
/// rest of the control plane only sees plain JSON (<see cref="SpecOpening"/>). Rows written before sealing existed
/// are read as they are.
/// </summary>
public sealed class SpecSealing(IDataProtectionProvider protection) : SaveChangesInterceptor
{
    private const string Prefix = "sealed:v1:";
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.ReleaseSpecs.v1");

    public string Seal(string json) => json.StartsWith(Prefix, StringComparison.Ordinal) ? json : Prefix + _protector.Protect(json);

    public string Open(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        SealPending(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        SealPending(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        OpenSaved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        OpenSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Only the column's value is sealed; the entity the caller holds gets its plain JSON back after the save.</summary>
    private void SealPending(DbContext? context)
    {
        // A snapshot of the entries: setting a value makes the tracker change the collection being read.
        foreach (var entry in context?.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList() ?? [])
        {
            if (entry.Entity is ReleaseRecord or EnvironmentReleaseRecord)
            {
                var property = entry.Property(nameof(ReleaseRecord.SpecJson));
                property.CurrentValue = Seal((string)property.CurrentValue!);
            }
        }
    }

    private void OpenSaved(DbContext? context)
    {
        foreach (var entry in context?.ChangeTracker.Entries().Where(e => e.Entity is ReleaseRecord or EnvironmentReleaseRecord).ToList() ?? [])
        {
            var property = entry.Property(nameof(ReleaseRecord.SpecJson));
            var value = (string)property.CurrentValue!;
            if (value.StartsWith(Prefix, StringComparison.Ordinal))
            {
                property.CurrentValue = Open(value);
                property.OriginalValue = property.CurrentValue;
                property.IsModified = false;
            }
        }
    }
}
