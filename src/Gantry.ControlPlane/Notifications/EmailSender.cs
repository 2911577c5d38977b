using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// Sends an event as a plain-text e-mail through the platform's mail server. The Message-ID is made from the event's
/// idempotency key, so a mail sent again after a crash is recognisably the same message.
/// </summary>
public sealed class EmailSender(SmtpServer? server)
{
    public bool Configured => server is not null;

    public async Task<DeliveryResult> SendAsync(OpenedDestination destination, EventNotification notification, CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return new DeliveryResult(false, "this server has no mail server: start it with 'gantry up --smtp URL --smtp-from ADDRESS'");
        }

        var message = new MimeMessage { Subject = $"[Gantry] {notification.App}: {notification.Type}", MessageId = $"{notification.Id}@gantry" };
        message.From.Add(MailboxAddress.Parse(server.From));
        message.To.AddRange(Recipients(destination.Target).Select(MailboxAddress.Parse));
        message.Body = new TextPart("plain")
        {
            Text = $"{notification.Message}\n\napp: {notification.App}\nevent: {notification.Type}\n"
                + (notification.Release is { } r ? $"release: {r}\n" : "")
                + $"by: {notification.Actor}\ntime: {notification.Time:u}\nid: {notification.Id}\n",
        };

        using var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.ImplicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (server.User is not null)
            {
                await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
            }

            var answer = await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return new DeliveryResult(true, $"accepted by {server.Host}: {answer}".TrimEnd(' ', ':'));
        }
        catch (SmtpCommandException e)
        {
            // 5xx is the server refusing this message for good (no such mailbox); 4xx asks to try later.
            return new DeliveryResult(false, $"{server.Host} answered {(int)e.StatusCode}: {e.Message}", Permanent: (int)e.StatusCode >= 500);
        }
        catch (Exception e) when (e is SmtpProtocolException or AuthenticationException or IOException or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return new DeliveryResult(false, $"could not send through {server.Host}:{server.Port}: {e.Message}");
        }
    }

    /// <summary>The addresses of a <c>mailto:</c> target, comma-separated.</summary>
    public static IEnumerable<string> Recipients(string mailto) =>
        mailto["mailto:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
