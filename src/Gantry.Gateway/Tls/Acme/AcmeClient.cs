using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Gateway.Tls.Acme;

/// <summary>
/// Gantry's own ACME client (RFC 8555): account, order, http-01 challenges answered by the gateway, CSR, download.
/// Tested against Pebble. One instance per account key; calls may not overlap.
/// </summary>
public sealed class AcmeClient
{
    private static readonly TimeSpan PollDeadline = TimeSpan.FromMinutes(2);

    private readonly Uri _directory;
    private readonly AcmeTransport _transport;
    private readonly AcmeJws _jws;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Uri? _newAccount;
    private Uri? _newOrder;

    public AcmeClient(Uri directory, HttpClient http, ECDsa accountKey, ILogger? logger = null, TimeProvider? time = null)
    {
        _directory = directory;
        _jws = new AcmeJws(accountKey);
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _transport = new AcmeTransport(http, _jws, _logger, _time);
    }

    /// <summary>The key authorization of a token: what http-01 serves (RFC 8555 §8.1).</summary>
    public string KeyAuthorization(string token) => $"{token}.{_jws.Thumbprint()}";

    /// <summary>Registers the account key (or finds its existing account) and returns the account URL.</summary>
    public async Task<Uri> EnsureAccountAsync(string? email, CancellationToken ct)
    {
        await ReadDirectoryAsync(ct);
        if (_transport.AccountUrl is { } known)
        {
            return known;
        }

        object payload = email is null
            ? new { termsOfServiceAgreed = true }
            : new { termsOfServiceAgreed = true, contact = new[] { $"mailto:{email}" } };
        using var response = await _transport.PostAsync(_newAccount!, payload, ct);
        _transport.AccountUrl = response.Headers.Location ?? throw new AcmeException("the ACME server gave no account URL");
        return _transport.AccountUrl;
    }

    /// <summary>Orders, proves control of every name over http-01, and downloads a certificate for <paramref name="names"/>.</summary>
    public async Task<AcmeCertificate> IssueAsync(IReadOnlyList<string> names, IHttp01ChallengeResponder responder, CancellationToken ct)
    {
        await EnsureAccountAsync(null, ct);
        var label = string.Join(", ", names);
        Uri orderUrl;
        JsonElement order;
        using (var created = await _transport.PostAsync(_newOrder!, new { identifiers = names.Select(n => new { type = "dns", value = n }) }, ct))
        {
            orderUrl = created.Headers.Location ?? throw new AcmeException("the ACME server gave no order URL");
            order = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement;
        }

        foreach (var authorization in order.GetProperty("authorizations").EnumerateArray())
        {
            await AuthorizeAsync(new Uri(authorization.GetString()!), label, responder, ct);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CreateCsr(names, key);
        using (await _transport.PostAsync(new Uri(order.GetProperty("finalize").GetString()!), new { csr }, ct))
        {
        }

        var done = await PollAsync(orderUrl, "valid", ["invalid"], $"the order for {label}", ct);
        using var download = await _transport.PostAsync(new Uri(done.GetProperty("certificate").GetString()!), null, ct, "application/pem-certificate-chain");
        var chain = await download.Content.ReadAsStringAsync(ct);
        AcmeLog.Issued(_logger, label);
        return new AcmeCertificate(chain, key.ExportPkcs8PrivateKeyPem());
    }

    private async Task ReadDirectoryAsync(CancellationToken ct)
    {
        if (_newOrder is not null)
        {
            return;
        }

        using var directory = await _transport.GetJsonAsync(_directory, ct);
        var root = directory.RootElement;
        _transport.NewNonceUrl = new Uri(root.GetProperty("newNonce").GetString()!);
        _newAccount = new Uri(root.GetProperty("newAccount").GetString()!);
        _newOrder = new Uri(root.GetProperty("newOrder").GetString()!);
    }

    private async Task AuthorizeAsync(Uri url, string label, IHttp01ChallengeResponder responder, CancellationToken ct)
    {
        JsonElement authorization;
        using (var response = await _transport.PostAsync(url, null, ct))
        {
            authorization = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        }

        var identifier = authorization.GetProperty("identifier").GetProperty("value").GetString()!;
        if (authorization.GetProperty("status").GetString() == "valid")
        {
            return; // the server remembers an earlier proof
        }

        var challenge = authorization.GetProperty("challenges").EnumerateArray()
            .FirstOrDefault(c => c.GetProperty("type").GetString() == "http-01");
        if (challenge.ValueKind != JsonValueKind.Object)
        {
            throw new AcmeException($"the ACME server offers no http-01 challenge for '{identifier}'");
        }

        var token = challenge.GetProperty("token").GetString()!;
        responder.Add(token, KeyAuthorization(token));
        try
        {
            await responder.WhenServedAsync(ct);
            AcmeLog.Answering(_logger, label, identifier);
            using (await _transport.PostAsync(new Uri(challenge.GetProperty("url").GetString()!), new { }, ct))
            {
            }

            await PollAsync(url, "valid", ["invalid", "deactivated", "expired", "revoked"], $"the challenge for '{identifier}'", ct);
        }
        finally
        {
            responder.Remove(token);
        }
    }

    /// <summary>Polls a resource until its status is <paramref name="wanted"/>; a failed status throws with the server's reason.</summary>
    private async Task<JsonElement> PollAsync(Uri url, string wanted, string[] failed, string what, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + PollDeadline;
        while (true)
        {
            JsonElement resource;
            TimeSpan? retryAfter;
            using (var response = await _transport.PostAsync(url, null, ct))
            {
                resource = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
                retryAfter = AcmeTransport.RetryAfter(response);
            }

            var status = resource.GetProperty("status").GetString();
            if (status == wanted)
            {
                return resource;
            }

            if (failed.Contains(status))
            {
                throw new AcmeException($"{what} failed: {Reason(resource)}");
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new AcmeException($"{what} was still '{status}' after {PollDeadline.TotalMinutes:0} minutes");
            }

            var wait = retryAfter is { } r && r > TimeSpan.Zero && r < TimeSpan.FromSeconds(30) ? r : TimeSpan.FromMilliseconds(500);
            await Task.Delay(wait, _time, ct);
        }
    }

    /// <summary>The most specific error the server gives: a failed challenge's error, else the resource's own.</summary>
    private static string Reason(JsonElement resource)
    {
        if (resource.TryGetProperty("challenges", out var challenges))
        {
            foreach (var challenge in challenges.EnumerateArray())
            {
                if (challenge.TryGetProperty("error", out var error) && error.TryGetProperty("detail", out var detail))
                {
                    return detail.GetString() ?? "no reason given";
                }
            }
        }

        return resource.TryGetProperty("error", out var own) && own.TryGetProperty("detail", out var d) ? d.GetString() ?? "no reason given" : "no reason given";
    }

    private static string CreateCsr(IReadOnlyList<string> names, ECDsa key)
    {
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        return Base64Url.Encode(request.CreateSigningRequest());
    }
}
