using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using RabbitMQ.Client;

namespace Gantry.ControlPlane.Tests.Notifications;

/// <summary>Events published to a real RabbitMQ with confirms: none lost when the broker restarts while they flow.</summary>
public sealed class AmqpDeliveryTests : IAsyncLifetime
{
    private const int Events = 1000;
    private const string Queue = "gantry-events";
    private RabbitMqBroker _broker = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _broker = await RabbitMqBroker.StartAsync();
        // Short waits and many attempts: the broker is down for seconds, and nothing may be given up on meanwhile.
        _server = await TestServer.StartAsync(configure: o => o with { Notifications = new DeliveryPolicy(1000, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)) });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task AThousandEvents_PublishedWithConfirms_WhileTheBrokerRestarts_AreAllInTheQueue()
    {
        var factory = new ConnectionFactory { Uri = _broker.Url };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(Queue, "amq.topic", "config.#");
        }

        var added = await _server.Admin.PutAsJsonAsync("api/v1/notifications/bus", new NotificationDestinationRequest(Amqp: _broker.Url.ToString(), Events: "config.changed"));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        var info = (await added.Content.ReadFromJsonAsync<NotificationDestinationInfo>(JsonSerializerOptions.Web))!;
        Assert.Equal(("amq.topic", $"amqp://127.0.0.1:{_broker.Port}/…"), (info.Exchange, info.Url));

        Task? restart = null;
        for (var i = 0; i < Events; i++)
        {
            var changed = await _server.Admin.PatchAsJsonAsync("api/v1/apps/bus/config", new SettingsRequest(new() { ["N"] = $"{i}" }));
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
            if (i == Events / 3)
            {
                restart = _broker.RestartAsync();
            }
        }

        await restart!;
        var destination = await Eventually.UntilAsync(
            async () => (await _server.Admin.GetFromJsonAsync<List<NotificationDestinationInfo>>("api/v1/notifications", JsonSerializerOptions.Web))!.Single(),
            d => d.Delivered == Events,
            TimeSpan.FromMinutes(3),
            $"{Events} deliveries confirmed");
        Assert.Equal((0, 0), (destination.Pending, destination.Failed));
        var retried = (await _server.Admin.GetFromJsonAsync<List<DeliveryInfo>>("api/v1/notifications/deliveries?limit=1000", JsonSerializerOptions.Web))!.Count(d => d.Attempts > 1);
        Assert.True(retried > 0, "some publishes failed while the broker was down and were retried:\n" + _broker.Output);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            while (await channel.BasicGetAsync(Queue, autoAck: true) is { } message)
            {
                Assert.Equal("config.changed", message.RoutingKey);
                Assert.True(message.BasicProperties.Persistent);
                ids.Add(message.BasicProperties.MessageId!);
            }
        }

        Assert.Equal(Events, ids.Count);
    }
}
