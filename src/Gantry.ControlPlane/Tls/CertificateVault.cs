using Gantry.ControlPlane.Store;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Tls;

/// <summary>Stores certificates with their private keys encrypted at rest (ASP.NET Core data protection, keys in DATA/keys).</summary>
public sealed class CertificateVault(IDbContextFactory<GantryDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Tls.PrivateKeys.v1");

    public async Task<CertificateRecord> SaveAsync(ServedCertificate certificate, string source, CancellationToken ct)
    {
        var (chain, key) = PemCertificates.Export(certificate);
        var record = new CertificateRecord
        {
            Hosts = string.Join(',', CertificateStore.DnsNames(certificate.Leaf)),
            Source = source,
            ChainPem = chain,
            ProtectedKey = _protector.Protect(key),
            NotBefore = certificate.Leaf.NotBefore.ToUniversalTime(),
            NotAfter = certificate.Leaf.NotAfter.ToUniversalTime(),
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Certificates.Add(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<CertificateRecord>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Certificates.AsNoTracking().ToListAsync(ct);
        return [.. all.OrderBy(c => c.Hosts, StringComparer.Ordinal).ThenBy(c => c.Id)];
    }

    public async Task<bool> RemoveAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Certificates.Where(c => c.Id == id).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Drops certificates of a source for exactly these hosts, once a newer one replaced them.</summary>
    public async Task RemoveOlderAsync(string source, string hosts, long keepId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Certificates.Where(c => c.Source == source && c.Hosts == hosts && c.Id != keepId).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// The stored certificate as the gateways' configuration carries it (its key decrypted in memory only), once it
    /// passed <see cref="PemCertificates.Load"/>'s checks: it parses, the key is its own, it is valid now.
    /// </summary>
    public CertificateConfig ToConfig(CertificateRecord record)
    {
        var key = _protector.Unprotect(record.ProtectedKey);
        PemCertificates.Load(record.ChainPem, key);
        return new CertificateConfig(record.ChainPem, key);
    }
}
