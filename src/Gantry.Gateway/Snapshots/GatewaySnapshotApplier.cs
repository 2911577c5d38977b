using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.Gateway.Snapshots;

/// <summary>
/// Puts a whole <see cref="GatewaySnapshot"/> in force: routes, passthrough hosts, clients, certificates, ACME answers.
/// Everything is checked and built before the first swap, so a snapshot that is refused changes nothing and the one
/// before keeps serving. Certificates are parsed once and kept while later snapshots still carry them.
/// </summary>
public sealed class GatewaySnapshotApplier(
    RoutingTable routing, TlsPassthroughTable passthrough, GatewayClients clients, CertificateStore certificates, Http01ChallengeStore challenges)
{
    private readonly Lock _lock = new();
    private ImmutableDictionary<string, ServedCertificate> _parsed = ImmutableDictionary<string, ServedCertificate>.Empty;
    private GatewaySnapshot? _applied;
    private long _version;

    /// <summary>The version of the snapshot in force; 0 until one is applied.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Applies the snapshot, or throws <see cref="InvalidDataException"/> saying what is wrong with it and applies nothing.</summary>
    /// <remarks>
    /// A part that is the very list the snapshot before carried (the control plane changes one part at a time) was
    /// checked then and is left as it is: an instance becoming ready rebuilds the routes, not every app's clients.
    /// </remarks>
    public void Apply(GatewaySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            var before = _applied;
            var parsed = Same(snapshot.Certificates, before?.Certificates) ? null : Certificates(snapshot.Certificates);
            var hosts = Same(snapshot.Passthrough, before?.Passthrough) ? null : Passthrough(snapshot.Passthrough);
            var byApp = Same(snapshot.Clients, before?.Clients) ? null : Clients(snapshot.Clients);
            if (!Same(snapshot.Routes, before?.Routes))
            {
                try
                {
                    // Validates before it swaps: the first change, so a refusal here still leaves everything as it was.
                    routing.Publish(snapshot.Routes);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"snapshot {snapshot.Version}: {e.Message}", e);
                }
            }

            if (hosts is not null)
            {
                passthrough.Replace(hosts);
            }

            if (byApp is not null)
            {
                clients.ReplaceAll(byApp);
            }

            if (parsed is not null)
            {
                certificates.Replace(parsed.Values);
                _parsed = parsed;
            }

            if (!Same(snapshot.AcmeChallenges, before?.AcmeChallenges))
            {
                challenges.ReplaceAll(snapshot.AcmeChallenges.Select(c => KeyValuePair.Create(c.Token, c.KeyAuthorization)));
            }

            if (routing.Policies is { } policies)
            {
                policies.HttpsPort = snapshot.HttpsPort;
            }

            _applied = snapshot;
            Interlocked.Exchange(ref _version, snapshot.Version);
        }
    }

    // ImmutableArray's == compares the array underneath: the same list, not an equal one.
    private static bool Same<T>(ImmutableArray<T> list, ImmutableArray<T>? before) => before is { } known && list == known;

    private ImmutableDictionary<string, ServedCertificate> Certificates(ImmutableArray<CertificateConfig> configs)
    {
        var parsed = ImmutableDictionary.CreateBuilder<string, ServedCertificate>(StringComparer.Ordinal);
        foreach (var (config, index) in configs.Select((c, i) => (c, i)))
        {
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(config.CertificatePem + "\n" + config.KeyPem)));
            if (parsed.ContainsKey(key))
            {
                continue;
            }

            try
            {
                parsed[key] = _parsed.TryGetValue(key, out var known) ? known : PemCertificates.Read(config.CertificatePem, config.KeyPem);
            }
            catch (PemCertificateException e)
            {
                throw new InvalidDataException($"certificates[{index}]: {e.Message}", e);
            }
        }

        return parsed.ToImmutable();
    }

    private static List<KeyValuePair<string, ImmutableArray<IPEndPoint>>> Passthrough(ImmutableArray<PassthroughConfig> configs) =>
    [
        .. configs.Select((host, index) => KeyValuePair.Create(host.Host, host.Endpoints.Select(endpoint =>
            IPEndPoint.TryParse(endpoint, out var parsed) && parsed.Port != 0
                ? parsed
                : throw new InvalidDataException($"passthrough[{index}] ({host.Host}): '{endpoint}' is not an address and port")).ToImmutableArray())),
    ];

    private static List<KeyValuePair<string, AppClients>> Clients(ImmutableArray<AppClientsConfig> configs) =>
    [
        .. configs.Select(app => KeyValuePair.Create(app.App, new AppClients(
            app.Keys,
            app.BlockedKeyIds, app.BlockedSubjects, app.BlockedIps))),
    ];
}
