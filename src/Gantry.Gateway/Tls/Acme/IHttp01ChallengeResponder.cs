namespace Gantry.Gateway.Tls.Acme;

/// <summary>Where the ACME client puts http-01 answers so that <c>/.well-known/acme-challenge/TOKEN</c> serves them.</summary>
public interface IHttp01ChallengeResponder
{
    void Add(string token, string keyAuthorization);

    /// <summary>Completes once the answers added so far are served wherever the ACME server may ask (every gateway); at once by default.</summary>
    Task WhenServedAsync(CancellationToken ct) => Task.CompletedTask;

    void Remove(string token);
}
