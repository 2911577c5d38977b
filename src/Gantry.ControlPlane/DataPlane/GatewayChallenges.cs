using Gantry.Gateway.Config;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// Where the ACME client puts its http-01 answers: into the gateways' configuration, so whichever gateway the ACME
/// server reaches serves them. This process's gateway has an answer before <see cref="Add"/> returns; gateways
/// following the stream are waited for (<see cref="WhenServedAsync"/>) before the ACME server is told to look.
/// </summary>
public sealed partial class GatewayChallenges(GatewayConfigSource gateway, ConnectedGateways gateways, ILogger<GatewayChallenges> logger) : IHttp01ChallengeResponder
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    public void Add(string token, string keyAuthorization) => gateway.Update(snapshot => snapshot with
    {
        AcmeChallenges = [.. snapshot.AcmeChallenges.Where(c => c.Token != token), new AcmeChallengeConfig(token, keyAuthorization)],
    });

    /// <summary>Waits until every connected gateway acknowledged the snapshot with the answers; after 10 s the ACME server is asked anyway.</summary>
    public async Task WhenServedAsync(CancellationToken ct)
    {
        var version = gateway.Current.Version;
        if (!await gateways.WaitForVersionAsync(version, AckTimeout, ct))
        {
            LogNotAcknowledged(logger, version, AckTimeout.TotalSeconds);
        }
    }

    public void Remove(string token) => gateway.Update(snapshot => snapshot.AcmeChallenges.Any(c => c.Token == token)
        ? snapshot with { AcmeChallenges = [.. snapshot.AcmeChallenges.Where(c => c.Token != token)] }
        : snapshot);

    [LoggerMessage(EventId = 282, Level = LogLevel.Warning, Message = "Not every gateway acknowledged snapshot {Version} with the ACME answers within {Seconds} s; asking the ACME server anyway")]
    private static partial void LogNotAcknowledged(ILogger logger, long version, double seconds);
}
