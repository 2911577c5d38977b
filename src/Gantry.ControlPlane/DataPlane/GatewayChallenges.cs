using Gantry.Gateway.Config;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// Where the ACME client puts its http-01 answers: into the gateways' configuration, so whichever gateway the ACME
/// server reaches serves them. This process's gateway has an answer before <see cref="Add"/> returns.
/// </summary>
public sealed class GatewayChallenges(GatewayConfigSource gateway) : IHttp01ChallengeResponder
{
    public void Add(string token, string keyAuthorization) => gateway.Update(snapshot => snapshot with
    {
        AcmeChallenges = [.. snapshot.AcmeChallenges.Where(c => c.Token != token), new AcmeChallengeConfig(token, keyAuthorization)],
    });

    public void Remove(string token) => gateway.Update(snapshot => snapshot.AcmeChallenges.Any(c => c.Token == token)
        ? snapshot with { AcmeChallenges = [.. snapshot.AcmeChallenges.Where(c => c.Token != token)] }
        : snapshot);
}
