namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>
/// <c>PUT /api/v1/notifications/NAME</c>: adds (or replaces) a destination. Give exactly one of
/// <c>webhook</c>, <c>discord</c>, <c>slack</c>, <c>email</c> and <c>amqp</c>.
/// </summary>
/// <param name="Webhook">A URL that receives each event as signed JSON.</param>
/// <param name="Discord">A Discord channel's webhook URL.</param>
/// <param name="Slack">A Slack incoming-webhook URL.</param>
/// <param name="Email">Addresses, comma-separated, mailed through the server's mail server (<c>gantry up --smtp</c>).</param>
/// <param name="Amqp">A RabbitMQ URL (<c>amqp://USER:PASSWORD@HOST:5672/VHOST</c> or <c>amqps://</c>); events are published with confirms.</param>
/// <param name="Exchange">For <c>amqp</c>: the exchange to publish to, routing key = event type (default: amq.topic).</param>
/// <param name="Events">Comma-separated event types or patterns (<c>release.*</c>, <c>*.failed</c>); empty: the failures and successful releases.</param>
/// <param name="App">Only this app's events; empty: every app's.</param>
/// <param name="RotateSecret">Make a new signing secret for a webhook that has one: the old one stops verifying.</param>
public sealed record NotificationDestinationRequest(
    string? Webhook = null, string? Discord = null, string? Slack = null, string? Events = null, string? App = null, bool? RotateSecret = null, string? Email = null, string? Amqp = null, string? Exchange = null);

/// <summary>A destination and how its deliveries stand. Its URL is shown without path or query (they can hold a token).</summary>
public sealed record NotificationDestinationInfo(
    string Name, string Kind, string Url, string Events, string? App, int Pending, int Delivered, int Failed, DateTimeOffset CreatedAt)
{
    /// <summary>For AMQP: the exchange events are published to.</summary>
    public string? Exchange { get; init; }

    /// <summary>A webhook's signing secret (HMAC SHA-256): only in the answer that made it.</summary>
    public string? Secret { get; init; }
}

/// <summary>One event on its way to (or at, or given up on by) one destination.</summary>
/// <param name="State">pending, delivered or failed.</param>
/// <param name="IdempotencyKey">The same in every delivery of the event; receivers drop what they have seen.</param>
public sealed record DeliveryInfo(
    long Id, string Destination, string Type, string App, string State, int Attempts, string? LastError, string IdempotencyKey,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary><c>POST /api/v1/notifications/failures/retry</c>: sends failed deliveries again. Neither field: every failure.</summary>
public sealed record NotificationRetryRequest(IReadOnlyList<long>? Ids = null, string? Destination = null);

/// <summary>How many failed deliveries are pending again.</summary>
public sealed record NotificationRetryResult(int Requeued);

/// <summary>How a test event sent straight to a destination went.</summary>
public sealed record NotificationTestResult(string Destination, bool Delivered, string Detail);
