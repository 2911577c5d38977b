namespace Gantry.Gateway.Tls.Acme;

/// <summary>Where the ACME client puts http-01 answers so that <c>/.well-known/acme-challenge/TOKEN</c> serves them.</summary>
public interface IHttp01ChallengeResponder
{
    void Add(string token, string keyAuthorization);

    void Remove(string token);
}
