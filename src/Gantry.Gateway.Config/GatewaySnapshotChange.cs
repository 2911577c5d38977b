using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>
/// One frame of the configuration stream: the whole snapshot first (<c>Base</c> 0), then only the parts that changed
/// since the frame before (a part left null is as it was). A gateway rebuilds the full snapshot from its last one, so
/// it still applies whole snapshots, and a part that did not change keeps its very list (nothing rebuilt for it).
/// </summary>
/// <param name="Version">The snapshot this frame makes.</param>
/// <param name="Base">The version this frame changes; 0 when it carries every part.</param>
public sealed record GatewaySnapshotChange(long Version, long Base)
{
    public ImmutableArray<RouteConfig>? Routes { get; init; }

    public ImmutableArray<PassthroughConfig>? Passthrough { get; init; }

    public ImmutableArray<AppClientsConfig>? Clients { get; init; }

    public ImmutableArray<CertificateConfig>? Certificates { get; init; }

    public ImmutableArray<AcmeChallengeConfig>? AcmeChallenges { get; init; }

    /// <summary>Always carried (it is one number): null means no HTTPS port, not "unchanged".</summary>
    public int? HttpsPort { get; init; }

    /// <summary>The frame that carries every part of <paramref name="snapshot"/>.</summary>
    public static GatewaySnapshotChange Full(GatewaySnapshot snapshot) => new(snapshot.Version, 0)
    {
        Routes = snapshot.Routes,
        Passthrough = snapshot.Passthrough,
        Clients = snapshot.Clients,
        Certificates = snapshot.Certificates,
        AcmeChallenges = snapshot.AcmeChallenges,
        HttpsPort = snapshot.HttpsPort,
    };

    /// <summary>
    /// The frame that turns <paramref name="before"/> into <paramref name="after"/>. Parts are compared by reference:
    /// the control plane replaces a part's list whenever it changes, and keeps it otherwise.
    /// </summary>
    public static GatewaySnapshotChange Between(GatewaySnapshot before, GatewaySnapshot after) => new(after.Version, before.Version)
    {
        Routes = Changed(before.Routes, after.Routes),
        Passthrough = Changed(before.Passthrough, after.Passthrough),
        Clients = Changed(before.Clients, after.Clients),
        Certificates = Changed(before.Certificates, after.Certificates),
        AcmeChallenges = Changed(before.AcmeChallenges, after.AcmeChallenges),
        HttpsPort = after.HttpsPort,
    };

    /// <summary>
    /// The snapshot this frame makes from <paramref name="before"/> (the one the frame before made; null before the
    /// first). Throws <see cref="InvalidDataException"/> when the frame changes another version than that one.
    /// </summary>
    public GatewaySnapshot ApplyTo(GatewaySnapshot? before)
    {
        if (Base == 0)
        {
            var missing = new[] { ("routes", Routes is null), ("passthrough", Passthrough is null), ("clients", Clients is null), ("certificates", Certificates is null), ("acmeChallenges", AcmeChallenges is null) }
                .Where(p => p.Item2).Select(p => p.Item1).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"snapshot {Version}: a full frame lacks {string.Join(", ", missing)}");
            }

            before = new GatewaySnapshot(Version);
        }
        else if (before is null || before.Version != Base)
        {
            throw new InvalidDataException($"snapshot {Version} changes {Base}, but the last one received is {before?.Version.ToString() ?? "none"}");
        }

        if (Version <= before.Version && Base != 0)
        {
            throw new InvalidDataException($"snapshot {Version} is not newer than {before.Version}");
        }

        return before with
        {
            Version = Version,
            Routes = Routes ?? before.Routes,
            Passthrough = Passthrough ?? before.Passthrough,
            Clients = Clients ?? before.Clients,
            Certificates = Certificates ?? before.Certificates,
            AcmeChallenges = AcmeChallenges ?? before.AcmeChallenges,
            HttpsPort = HttpsPort,
        };
    }

    private static ImmutableArray<T>? Changed<T>(ImmutableArray<T> before, ImmutableArray<T> after) =>
        before == after ? null : after;
}
