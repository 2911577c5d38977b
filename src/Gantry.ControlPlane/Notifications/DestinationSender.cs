using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// Sends one event to one destination (over HTTP, to RabbitMQ, or as an e-mail) and says how it went. Webhooks are signed (<c>X-Gantry-Signature: sha256=HEX</c>,
/// HMAC SHA-256 of the body with the destination's secret) and carry the event's idempotency key. Errors never quote
/// the URL, which for Discord and Slack is the token.
/// </summary>
public sealed class DestinationSender(EmailSender email, AmqpSender amqp) : IDisposable
{
    public const string SignatureHeader = "X-Gantry-Signature";
    public const string EventHeader = "X-Gantry-Event";
    public const string IdempotencyHeader = "Idempotency-Key";

    // Redirects are not followed: a destination that moved should be changed, not chased with a signed body.
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public async Task<DeliveryResult> SendAsync(OpenedDestination destination, string payload, CancellationToken cancellationToken)
    {
        var notification = EventNotification.FromJson(payload);
        if (destination.Kind == DestinationMessages.Email)
        {
            return await email.SendAsync(destination, notification, cancellationToken);
        }

        if (destination.Kind == DestinationMessages.Amqp)
        {
            return await amqp.SendAsync(destination, notification, System.Text.Encoding.UTF8.GetBytes(payload), cancellationToken);
        }

        var body = DestinationMessages.Body(destination.Kind, notification, payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(destination.Target)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Gantry-Notifications/1");
        if (destination.Kind == DestinationMessages.Webhook)
        {
            request.Headers.Add(EventHeader, notification.Type);
            request.Headers.Add(IdempotencyHeader, notification.Id);
            request.Headers.Add(SignatureHeader, Sign(destination.Secret ?? "", body));
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Ok(status);
            }

            var retryAfter = response.Headers.RetryAfter is { } after
                ? after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            // A 4xx other than these says the request itself is wrong (a deleted channel, a bad URL): trying again won't help.
            var permanent = status is >= 400 and < 500 and not (408 or 409 or 425 or 429);
            return new DeliveryResult(false, $"answered {status} {response.ReasonPhrase}".TrimEnd(), permanent, retryAfter);
        }
        catch (HttpRequestException e)
        {
            // The message names the host and port at most, never the path that holds a chat token.
            return new DeliveryResult(false, $"could not reach it: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(false, $"no answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC SHA-256 of the body, keyed with the secret's UTF-8 bytes.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));

    public void Dispose() => _http.Dispose();
}
