using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gantry.ControlPlane.Store;

/// <summary>The control plane's store: apps, releases, formations, events and tokens.</summary>
public sealed class GantryDbContext(DbContextOptions<GantryDbContext> options) : DbContext(options)
{
    public DbSet<AppRecord> Apps => Set<AppRecord>();

    public DbSet<ReleaseRecord> Releases => Set<ReleaseRecord>();

    public DbSet<FormationRecord> Formations => Set<FormationRecord>();

    public DbSet<EventRecord> Events => Set<EventRecord>();

    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type; binary UTC ticks keep ordering and comparisons in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppRecord>().HasKey(a => a.Name);

        var release = modelBuilder.Entity<ReleaseRecord>();
        release.HasIndex(r => new { r.App, r.Number }).IsUnique();
        release.Property(r => r.Status).HasConversion<string>();

        modelBuilder.Entity<FormationRecord>().HasKey(f => new { f.App, f.Workload });

        modelBuilder.Entity<EventRecord>().HasIndex(e => new { e.App, e.Id });

        modelBuilder.Entity<ApiTokenRecord>().HasIndex(t => t.Hash).IsUnique();
    }
}
