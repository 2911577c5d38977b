using System.Collections.Concurrent;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Tls;

namespace Gantry.ControlPlane.Tls;

/// <summary>
/// Keeps a certificate in the gateway for every routed host: uploaded ones first, local-CA ones for localhost names
/// (issued when missing, renewed 30 days before expiry). Looks again whenever the routes change and every hour.
/// </summary>
public sealed partial class CertificateManager(
    RoutingTable routing, CertificateStore store, CertificateVault vault, LocalCaFiles localCa, TimeProvider time, ILogger<CertificateManager> logger)
    : BackgroundService
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private static readonly TimeSpan Recheck = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a routed host has no certificate, if it has none.</summary>
    public string? ProblemOf(string host) => _problems.GetValueOrDefault(host);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long seenGeneration = -1;
        var lastFull = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        do
        {
            var generation = routing.Current.Generation;
            if (generation != seenGeneration || time.GetUtcNow() - lastFull > Recheck)
            {
                seenGeneration = generation;
                lastFull = time.GetUtcNow();
                await ReconcileAsync(stoppingToken);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Issues what is missing and hands the gateway every stored certificate.</summary>
    public async Task ReconcileAsync(CancellationToken ct)
    {
        await _reconciling.WaitAsync(ct);
        try
        {
            var hosts = routing.Current.Routes.Select(r => r.Host.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
            var records = await vault.ListAsync(ct);
            foreach (var host in hosts)
            {
                if (Covered(host, records))
                {
                    _problems.TryRemove(host, out _);
                    continue;
                }

                if (LocalCertificateAuthority.Covers(host))
                {
                    await IssueLocalAsync(host, ct);
                    continue;
                }

                _problems[host] = "no certificate: upload one with 'gantry certs add' (ACME is not configured)";
            }

            Publish(await vault.ListAsync(ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReconcileFailed(logger, ex);
        }
        finally
        {
            _reconciling.Release();
        }
    }

    private async Task IssueLocalAsync(string host, CancellationToken ct)
    {
        using var leaf = localCa.Get().Issue([host]);
        var record = await vault.SaveAsync(new ServedCertificate(leaf), "local-ca", ct);
        await vault.RemoveOlderAsync("local-ca", record.Hosts, record.Id, ct);
        _problems.TryRemove(host, out _);
        LogIssued(logger, host, record.NotAfter);
    }

    private bool Covered(string host, IReadOnlyList<CertificateRecord> records)
    {
        var now = time.GetUtcNow();
        var wildcard = host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? "*" + host[dot..] : null;
        return records.Any(r =>
            r.NotBefore <= now && now < r.NotAfter - (r.Source == "upload" ? TimeSpan.Zero : RenewBefore)
            && r.Hosts.Split(',').Any(h => h == host || h == wildcard));
    }

    private void Publish(IReadOnlyList<CertificateRecord> records)
    {
        var served = new List<ServedCertificate>(records.Count);
        foreach (var record in records)
        {
            try
            {
                served.Add(vault.Open(record));
            }
            catch (Exception ex) when (ex is PemCertificateException or System.Security.Cryptography.CryptographicException)
            {
                LogUnreadable(logger, record.Id, record.Hosts, ex.Message);
            }
        }

        store.Replace(served);
    }

    public override void Dispose()
    {
        _reconciling.Dispose();
        base.Dispose();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(260, LogLevel.Information, "Issued a local-CA certificate for {Host}, valid until {NotAfter:yyyy-MM-dd}.")]
    private static partial void LogIssued(ILogger logger, string host, DateTimeOffset notAfter);

    [LoggerMessage(261, LogLevel.Error, "Keeping the gateway's certificates up to date failed; trying again when routes change.")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(262, LogLevel.Error, "Certificate {Id} for {Hosts} cannot be read ({Reason}); it is not served.")]
    private static partial void LogUnreadable(ILogger logger, long id, string hosts, string reason);
}
