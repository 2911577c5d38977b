using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// Publishes events to a RabbitMQ exchange: persistent messages, routing key = event type, message id = idempotency
/// key, each publish awaited until the broker confirms it, so a delivery is done only once the broker has it. One
/// connection per destination, opened again after any error (a broker restart, a closed channel).
/// </summary>
public sealed class AmqpSender : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Publisher> _publishers = new(StringComparer.Ordinal);

    public async Task<DeliveryResult> SendAsync(OpenedDestination destination, EventNotification notification, byte[] body, CancellationToken cancellationToken)
    {
        var exchange = destination.Exchange ?? "";
        try
        {
            var publisher = await PublisherAsync(destination, cancellationToken);
            var properties = new BasicProperties
            {
                Persistent = true,
                MessageId = notification.Id,
                Type = notification.Type,
                ContentType = "application/json",
                Timestamp = new AmqpTimestamp(notification.Time.ToUnixTimeSeconds()),
            };
            // With confirmation tracking on, this returns once the broker confirmed the message, and throws on a nack.
            await publisher.Channel.BasicPublishAsync(exchange, notification.Type, mandatory: false, properties, body, cancellationToken);
            return new DeliveryResult(true, $"confirmed by the broker (exchange '{exchange}')");
        }
        catch (Exception e) when (e is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or PublishException or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await ForgetAsync(destination.Name);
            // A refused login or a missing exchange is not going to mend itself, but a broker being set up might: retried.
            return new DeliveryResult(false, $"could not publish to exchange '{exchange}': {Describe(e)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _publishers.Keys)
        {
            await ForgetAsync(name);
        }
    }

    private async Task<Publisher> PublisherAsync(OpenedDestination destination, CancellationToken cancellationToken)
    {
        if (_publishers.TryGetValue(destination.Name, out var open) && open.Target == destination.Target && open.Channel.IsOpen)
        {
            return open;
        }

        await ForgetAsync(destination.Name);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(destination.Target),
            ClientProvidedName = $"gantry-notifications-{destination.Name}",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
            AutomaticRecoveryEnabled = false,
        };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        try
        {
            var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            var publisher = new Publisher(destination.Target, connection, channel);
            _publishers[destination.Name] = publisher;
            return publisher;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ForgetAsync(string name)
    {
        if (_publishers.TryRemove(name, out var publisher))
        {
            try
            {
                await publisher.Channel.DisposeAsync();
                await publisher.Connection.DisposeAsync();
            }
            catch (Exception e) when (e is OperationInterruptedException or AlreadyClosedException or IOException)
            {
                // Already gone with the broker.
            }
        }
    }

    /// <summary>The broker's reason, without the connection's URL (it holds the password).</summary>
    private static string Describe(Exception e) => e switch
    {
        BrokerUnreachableException => "the broker cannot be reached or refused the login",
        OperationInterruptedException { ShutdownReason: { } reason } => $"{reason.ReplyCode} {reason.ReplyText}",
        PublishException => "the broker did not confirm the message",
        _ => e.Message,
    };

    private sealed record Publisher(string Target, IConnection Connection, IChannel Channel);
}
