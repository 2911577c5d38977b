using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gantry.ControlPlane.Store;

/// <summary>The control plane's store: apps, releases, formations, events, tokens, the gateway's API keys and blocks, certificates and custom domains, targets, environments and their releases, platform services and the resources they hold, apps' Git repositories, notification destinations and the outbox of deliveries to them, the audit log.</summary>
public sealed class GantryDbContext(DbContextOptions<GantryDbContext> options) : DbContext(options)
{
    public DbSet<AppRecord> Apps => Set<AppRecord>();

    public DbSet<ReleaseRecord> Releases => Set<ReleaseRecord>();

    public DbSet<FormationRecord> Formations => Set<FormationRecord>();

    public DbSet<EventRecord> Events => Set<EventRecord>();

    public DbSet<ApiTokenRecord> ApiTokens => Set<ApiTokenRecord>();

    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<UserFactorRecord> UserFactors => Set<UserFactorRecord>();

    public DbSet<TeamRecord> Teams => Set<TeamRecord>();

    public DbSet<TeamMemberRecord> TeamMembers => Set<TeamMemberRecord>();

    public DbSet<AppMemberRecord> AppMembers => Set<AppMemberRecord>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<ClientBlockRecord> ClientBlocks => Set<ClientBlockRecord>();

    public DbSet<CertificateRecord> Certificates => Set<CertificateRecord>();

    public DbSet<DomainRecord> Domains => Set<DomainRecord>();

    public DbSet<TargetRecord> Targets => Set<TargetRecord>();

    public DbSet<EnvironmentRecord> Environments => Set<EnvironmentRecord>();

    public DbSet<EnvironmentReleaseRecord> EnvironmentReleases => Set<EnvironmentReleaseRecord>();

    public DbSet<PlatformServiceRecord> PlatformServices => Set<PlatformServiceRecord>();

    public DbSet<ResourceRecord> Resources => Set<ResourceRecord>();

    public DbSet<AppResourceRecord> AppResources => Set<AppResourceRecord>();

    public DbSet<BackupRecord> Backups => Set<BackupRecord>();

    public DbSet<SettingRecord> Settings => Set<SettingRecord>();

    public DbSet<ServicePortRecord> ServicePorts => Set<ServicePortRecord>();

    public DbSet<GitConnectionRecord> GitConnections => Set<GitConnectionRecord>();

    public DbSet<NotificationDestinationRecord> NotificationDestinations => Set<NotificationDestinationRecord>();

    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();

    public DbSet<AuditRecord> Audit => Set<AuditRecord>();

    public DbSet<JobRunRecord> JobRuns => Set<JobRunRecord>();

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
        modelBuilder.Entity<UserRecord>().HasKey(u => u.Name);
        modelBuilder.Entity<UserFactorRecord>().HasKey(f => f.User);
        modelBuilder.Entity<UserRecord>().HasIndex(u => new { u.ExternalIssuer, u.ExternalSubject }).IsUnique();
        modelBuilder.Entity<TeamRecord>().HasKey(t => t.Name);
        modelBuilder.Entity<TeamMemberRecord>().HasKey(m => new { m.Team, m.User });
        modelBuilder.Entity<AppMemberRecord>().HasKey(m => new { m.App, m.User });

        var key = modelBuilder.Entity<ApiKeyRecord>();
        key.HasKey(k => k.Id);
        key.HasIndex(k => k.Sha256).IsUnique();
        key.HasIndex(k => new { k.App, k.Name });

        modelBuilder.Entity<ClientBlockRecord>().HasIndex(b => new { b.App, b.Kind, b.Value }).IsUnique();

        modelBuilder.Entity<DomainRecord>().HasKey(d => d.Host);
        modelBuilder.Entity<DomainRecord>().HasIndex(d => d.App);

        modelBuilder.Entity<TargetRecord>().HasKey(t => t.Name);
        modelBuilder.Entity<TargetRecord>().Property(t => t.Kind).HasConversion<string>();
        modelBuilder.Entity<EnvironmentRecord>().HasKey(e => e.Name);
        var environmentRelease = modelBuilder.Entity<EnvironmentReleaseRecord>();
        environmentRelease.HasIndex(r => new { r.App, r.Environment, r.Number }).IsUnique();
        environmentRelease.Property(r => r.Status).HasConversion<string>();

        modelBuilder.Entity<PlatformServiceRecord>().HasKey(s => s.Name);
        modelBuilder.Entity<PlatformServiceRecord>().HasIndex(s => new { s.Type, s.Class }).IsUnique();
        modelBuilder.Entity<ResourceRecord>().HasKey(r => r.Key);
        modelBuilder.Entity<AppResourceRecord>().HasKey(r => new { r.App, r.Key });
        modelBuilder.Entity<AppResourceRecord>().HasIndex(r => r.Key);
        modelBuilder.Entity<BackupRecord>().HasIndex(b => new { b.ResourceKey, b.StartedAt });
        modelBuilder.Entity<SettingRecord>().HasKey(s => new { s.App, s.Key });
        modelBuilder.Entity<ServicePortRecord>().HasKey(s => new { s.App, s.Workload, s.Name });
        modelBuilder.Entity<ServicePortRecord>().HasIndex(s => s.Port).IsUnique();
        modelBuilder.Entity<GitConnectionRecord>().HasKey(g => g.App);
        modelBuilder.Entity<NotificationDestinationRecord>().HasKey(d => d.Name);
        var outbox = modelBuilder.Entity<OutboxRecord>();
        outbox.Property(o => o.State).HasConversion<string>();
        outbox.HasIndex(o => new { o.State, o.Destination, o.Id });
        modelBuilder.Entity<AuditRecord>().HasIndex(a => a.Sequence).IsUnique();
        modelBuilder.Entity<AuditRecord>().HasIndex(a => new { a.App, a.Sequence });
        modelBuilder.Entity<JobRunRecord>().HasIndex(r => new { r.App, r.Job, r.Id });
        modelBuilder.Entity<JobRunRecord>().HasIndex(r => r.State);
    }
}
