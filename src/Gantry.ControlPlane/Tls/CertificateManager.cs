using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.ControlPlane.Tls;

/// <summary>
/// Keeps a certificate in the gateway for every routed host: uploaded ones first, local-CA ones for localhost names,
/// ACME ones for the rest when an ACME directory is configured. Issued when missing, renewed 30 days before expiry
/// (a third of the lifetime for short-lived ones); a failure keeps the old certificate and is retried with backoff
/// (1 minute, doubling up to 6 hours). Looks again when routes change, when something falls due, and hourly.
/// </summary>
public sealed partial class CertificateManager(
    GatewayConfigSource gateway, CertificateVault vault, LocalCaFiles localCa, AcmeIssuer acme, Events.AppEventLog events, TimeProvider time,
    ILogger<CertificateManager> logger)
    : BackgroundService
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);
    private static readonly TimeSpan Recheck = TimeSpan.FromHours(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromHours(6);

    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset RetryAt)> _backoff = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _nextDue = DateTimeOffset.MaxValue;

    /// <summary>Why a routed host has no certificate, if it has none.</summary>
    public string? ProblemOf(string host) => _problems.GetValueOrDefault(host);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ImmutableArray<RouteConfig> seenRoutes = default;
        var lastFull = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        do
        {
            // The routes part is a new list whenever routes change, and the very same list otherwise.
            var routes = gateway.Current.Routes;
            var now = time.GetUtcNow();
            if (routes != seenRoutes || now - lastFull > Recheck || now >= _nextDue)
            {
                seenRoutes = routes;
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
            var hosts = gateway.Current.Routes.Select(r => r.Host.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
            var records = await vault.ListAsync(ct);
            foreach (var host in hosts)
            {
                if (Covered(host, records))
                {
                    _problems.TryRemove(host, out _);
                    _backoff.TryRemove(host, out _);
                }
                else if (LocalCertificateAuthority.Covers(host))
                {
                    await IssueLocalAsync(host, ct);
                }
                else if (acme.Configured)
                {
                    await IssueAcmeAsync(host, ct);
                }
                else
                {
                    _problems[host] = "no certificate: upload one with 'gantry certs add', or start Gantry with --acme-directory";
                }
            }

            var all = await vault.ListAsync(ct);
            Publish(all);
            _nextDue = NextDue(all, hosts);
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

    private async Task IssueAcmeAsync(string host, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_backoff.TryGetValue(host, out var waiting) && now < waiting.RetryAt)
        {
            return;
        }

        try
        {
            var issued = await acme.IssueAsync(host, ct);
            var record = await vault.SaveAsync(issued, "acme", ct);
            await vault.RemoveOlderAsync("acme", record.Hosts, record.Id, ct);
            _problems.TryRemove(host, out _);
            _backoff.TryRemove(host, out _);
            LogAcmeIssued(logger, host, record.NotAfter);
            await AnnounceAsync(host, "certificate.issued", $"a certificate for {host} was issued by ACME, valid until {record.NotAfter:yyyy-MM-dd HH:mm} UTC");
        }
        catch (Exception ex) when (ex is AcmeException or HttpRequestException or PemCertificateException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var failures = (waiting.Failures) + 1;
            var delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks * (1L << Math.Min(failures - 1, 20))));
            var retryAt = now + delay;
            _backoff[host] = (failures, retryAt);
            _problems[host] = $"ACME failed: {ex.Message}; next try at {retryAt:HH:mm:ss} UTC (the current certificate, if any, is kept)";
            LogAcmeFailed(logger, host, ex.Message, retryAt);
            await AnnounceAsync(host, "certificate.failed",
                $"ACME could not issue a certificate for {host} (attempt {failures}): {ex.Message}; next try at {retryAt:yyyy-MM-dd HH:mm} UTC; a current certificate, if any, is kept");
        }
    }

    /// <summary>An app event for each app the host routes to, so the apps' owners hear of it (and their destinations).</summary>
    private async Task AnnounceAsync(string host, string kind, string message)
    {
        foreach (var app in gateway.Current.Routes.Where(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase)).Select(r => r.App).Distinct(StringComparer.Ordinal))
        {
            await events.WriteAsync(app, null, kind, message, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>When the next certificate falls due for renewal or the next failed issuance may be retried.</summary>
    private DateTimeOffset NextDue(IReadOnlyList<CertificateRecord> records, List<string> hosts)
    {
        var due = records.Where(r => r.Source != "upload").Select(RenewAt).Append(DateTimeOffset.MaxValue).Min();
        var retry = _backoff.Where(b => hosts.Contains(b.Key)).Select(b => b.Value.RetryAt).Append(DateTimeOffset.MaxValue).Min();
        return due < retry ? due : retry;
    }

    /// <summary>30 days before expiry, or a third of the lifetime before it for certificates shorter-lived than 90 days.</summary>
    private static DateTimeOffset RenewAt(CertificateRecord record)
    {
        var third = (record.NotAfter - record.NotBefore) / 3;
        return record.NotAfter - (third < RenewBefore ? third : RenewBefore);
    }

    private bool Covered(string host, IReadOnlyList<CertificateRecord> records)
    {
        var now = time.GetUtcNow();
        var wildcard = host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? "*" + host[dot..] : null;
        return records.Any(r =>
            r.NotBefore <= now && now < (r.Source == "upload" ? r.NotAfter : RenewAt(r))
            && r.Hosts.Split(',').Any(h => h == host || h == wildcard));
    }

    private void Publish(IReadOnlyList<CertificateRecord> records)
    {
        var served = new List<CertificateConfig>(records.Count);
        foreach (var record in records)
        {
            try
            {
                served.Add(vault.ToConfig(record));
            }
            catch (Exception ex) when (ex is PemCertificateException or System.Security.Cryptography.CryptographicException)
            {
                LogUnreadable(logger, record.Id, record.Hosts, ex.Message);
            }
        }

        gateway.Update(snapshot => snapshot.Certificates.SequenceEqual(served) ? snapshot : snapshot with { Certificates = [.. served] });
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

    [LoggerMessage(263, LogLevel.Information, "ACME issued a certificate for {Host}, valid until {NotAfter:yyyy-MM-dd HH:mm:ss}.")]
    private static partial void LogAcmeIssued(ILogger logger, string host, DateTimeOffset notAfter);

    [LoggerMessage(264, LogLevel.Warning, "ACME failed for {Host}: {Reason}; the current certificate is kept, next try at {RetryAt:HH:mm:ss}.")]
    private static partial void LogAcmeFailed(ILogger logger, string host, string reason, DateTimeOffset retryAt);

    [LoggerMessage(262, LogLevel.Error, "Certificate {Id} for {Hosts} cannot be read ({Reason}); it is not served.")]
    private static partial void LogUnreadable(ILogger logger, long id, string hosts, string reason);
}
