using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Gateway.Tls;

/// <summary>
/// The certificates the HTTPS listener serves, chosen by SNI: the exact name first, then a one-label wildcard
/// (<c>*.example.com</c> covers <c>a.example.com</c>, not <c>a.b.example.com</c>). Replaced whole in one reference
/// write; a handshake in progress and open connections keep what they got. An unknown name gets no certificate,
/// so its handshake fails rather than showing a certificate for another site.
/// </summary>
public sealed class CertificateStore
{
    private FrozenDictionary<string, ServedCertificate> _byName = FrozenDictionary<string, ServedCertificate>.Empty;

    /// <summary>The names served now.</summary>
    public IReadOnlyCollection<string> Names => Volatile.Read(ref _byName).Keys;

    /// <summary>
    /// Serves <paramref name="certificates"/> (each with its private key; intermediates sent with the leaf) from now
    /// on. When two cover a name, the one valid now with the latest expiry wins.
    /// </summary>
    public void Replace(IEnumerable<ServedCertificate> certificates)
    {
        var now = DateTime.UtcNow;
        var byName = new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase);
        foreach (var served in certificates)
        {
            foreach (var name in DnsNames(served.Leaf))
            {
                if (!byName.TryGetValue(name, out var known) || Better(served.Leaf, known.Leaf, now))
                {
                    byName[name] = served;
                }
            }
        }

        Volatile.Write(ref _byName, byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The certificate for a server name, or null when none covers it.</summary>
    public ServedCertificate? Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var byName = Volatile.Read(ref _byName);
        var name = serverName.TrimEnd('.');
        if (byName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && byName.TryGetValue(string.Concat("*", name.AsSpan(dot)), out var wildcard) ? wildcard : null;
    }

    /// <summary>The TLS options for one handshake, or null to refuse it.</summary>
    internal SslServerAuthenticationOptions? OptionsFor(string? serverName) =>
        Select(serverName) is { } served ? served.ServerOptions : null;

    /// <summary>The DNS names a certificate is for: its subject alternative names.</summary>
    public static IEnumerable<string> DnsNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var name in extension.EnumerateDnsNames())
            {
                yield return name.TrimEnd('.').ToLowerInvariant();
            }
        }
    }

    private static bool Better(X509Certificate2 candidate, X509Certificate2 known, DateTime now)
    {
        var candidateValid = candidate.NotBefore <= now && now < candidate.NotAfter;
        var knownValid = known.NotBefore <= now && now < known.NotAfter;
        return candidateValid != knownValid ? candidateValid : candidate.NotAfter > known.NotAfter;
    }
}
