using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// The destinations app events are sent to (<c>gantry notifications</c>). Their URLs and secrets are sealed at rest; the
/// opened list is kept in memory, since every event written asks which destinations take it.
/// </summary>
public sealed partial class NotificationDestinations(IDbContextFactory<GantryDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time, EmailSender email) : IDisposable
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Notifications.v1");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile IReadOnlyList<OpenedDestination>? _opened;

    /// <summary>Every destination, unsealed.</summary>
    public async Task<IReadOnlyList<OpenedDestination>> OpenedAsync(CancellationToken cancellationToken)
    {
        if (_opened is { } opened)
        {
            return opened;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_opened is null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var records = await db.NotificationDestinations.AsNoTracking().ToListAsync(cancellationToken);
                _opened = [.. records.Select(Open)];
            }

            return _opened;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async Task<IReadOnlyList<OpenedDestination>> TakingAsync(string app, string type, CancellationToken cancellationToken) =>
        [.. (await OpenedAsync(cancellationToken)).Where(d => d.Takes(app, type))];

    public async Task<IReadOnlyList<NotificationDestinationInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.Outbox.AsNoTracking()
            .GroupBy(o => new { o.Destination, o.State })
            .Select(g => new { g.Key.Destination, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var records = await db.NotificationDestinations.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        return [.. records.Select(r => Describe(r, state => counts.Where(c => c.Destination == r.Name && c.State == state).Sum(c => c.Count)))];
    }

    /// <exception cref="NotificationRefusedException">A field is invalid.</exception>
    public async Task<NotificationDestinationInfo> SaveAsync(string name, NotificationDestinationRequest request, CancellationToken cancellationToken)
    {
        if (!Name().IsMatch(name))
        {
            throw new NotificationRefusedException($"name: '{name}' must be lower-case letters, digits and '-' (at most 63), starting and ending with a letter or digit");
        }

        var (kind, target) = KindAndUrl(request);
        var events = EventPatterns.Parse(request.Events, out var error) ?? throw new NotificationRefusedException(error!);
        var app = string.IsNullOrWhiteSpace(request.App) ? null : request.App.Trim();
        var exchange = kind == DestinationMessages.Amqp ? Exchange(request.Exchange) : null;
        if (kind != DestinationMessages.Amqp && request.Exchange is not null)
        {
            throw new NotificationRefusedException("exchange: only an amqp destination has an exchange");
        }

        if (app is not null && !Name().IsMatch(app))
        {
            throw new NotificationRefusedException($"app: '{app}' is not an app name");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.NotificationDestinations.SingleOrDefaultAsync(d => d.Name == name, cancellationToken);
        var created = record is null;
        record ??= new NotificationDestinationRecord { Name = name, Kind = kind, SealedUrl = "", UrlShown = "", Events = "", CreatedAt = time.GetUtcNow() };
        string? secret = null;
        if (kind != DestinationMessages.Webhook)
        {
            record.SealedSecret = null;
        }
        else if (record.SealedSecret is null || request.RotateSecret == true)
        {
            secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            record.SealedSecret = _protector.Protect(secret);
        }

        (record.Kind, record.SealedUrl, record.UrlShown, record.Events, record.App, record.Exchange) = (kind, _protector.Protect(target), Shown(target), events.Text, app, exchange);
        if (created)
        {
            db.NotificationDestinations.Add(record);
        }

        await db.SaveChangesAsync(cancellationToken);
        _opened = null;
        return Describe(record, _ => 0) with { Secret = secret };
    }

    /// <summary>Removes a destination and every delivery still owed to it; false when there is none by that name.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.NotificationDestinations.Where(d => d.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
        await db.Outbox.Where(o => o.Destination == name).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _opened = null;
        return removed;
    }

    private (string Kind, string Target) KindAndUrl(NotificationDestinationRequest request)
    {
        var given = new (string Kind, string? Url)[]
            {
                (DestinationMessages.Webhook, request.Webhook), (DestinationMessages.Discord, request.Discord), (DestinationMessages.Slack, request.Slack), (DestinationMessages.Email, request.Email),
                (DestinationMessages.Amqp, request.Amqp),
            }
            .Where(k => !string.IsNullOrWhiteSpace(k.Url))
            .ToList();
        if (given.Count != 1)
        {
            throw new NotificationRefusedException("give exactly one of webhook, discord, slack, email and amqp: where events are sent");
        }

        var (kind, text) = given[0];
        if (kind == DestinationMessages.Email)
        {
            return (kind, Mailto(text!));
        }

        if (kind == DestinationMessages.Amqp)
        {
            // The password in an AMQP URL is how RabbitMQ clients are configured; it is sealed with the rest.
            return Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var broker) && broker.Scheme is "amqp" or "amqps" && broker.Host.Length > 0
                ? (kind, broker.AbsoluteUri)
                : throw new NotificationRefusedException("amqp: give an amqp:// or amqps:// URL, for example amqp://USER:PASSWORD@HOST:5672/VHOST");
        }

        if (!Uri.TryCreate(text!.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.UserInfo.Length > 0)
        {
            throw new NotificationRefusedException($"{kind}: give an http:// or https:// URL without credentials in it");
        }

        return (kind, url.AbsoluteUri);
    }

    /// <summary>amq.topic is in every virtual host, so events can be published before anyone declares an exchange.</summary>
    private static string Exchange(string? name)
    {
        var exchange = string.IsNullOrWhiteSpace(name) ? "amq.topic" : name.Trim();
        return ExchangeName().IsMatch(exchange)
            ? exchange
            : throw new NotificationRefusedException($"exchange: '{exchange}' is not an exchange name (letters, digits, '-', '_', '.', ':')");
    }

    private string Mailto(string addresses)
    {
        if (!email.Configured)
        {
            throw new NotificationRefusedException("email: this server has no mail server; start it with 'gantry up --smtp smtp://HOST:PORT --smtp-from ADDRESS'");
        }

        // Bare addresses only: a display name or a second address hidden in one would change who is mailed.
        var list = addresses.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var bad = list.Length == 0 ? addresses : list.FirstOrDefault(a => !System.Net.Mail.MailAddress.TryCreate(a, out var parsed) || parsed.Address != a);
        if (bad is not null)
        {
            throw new NotificationRefusedException($"email: '{bad}' is not an e-mail address");
        }

        return "mailto:" + string.Join(',', list);
    }

    private OpenedDestination Open(NotificationDestinationRecord r) => new(
        r.Name,
        r.Kind,
        _protector.Unprotect(r.SealedUrl),
        r.SealedSecret is { } secret ? _protector.Unprotect(secret) : null,
        EventPatterns.Parse(r.Events, out _)!,
        r.App,
        r.Exchange);

    private static NotificationDestinationInfo Describe(NotificationDestinationRecord r, Func<OutboxState, int> count) => new(
        r.Name, r.Kind, r.UrlShown, r.Events, r.App, count(OutboxState.Pending), count(OutboxState.Delivered), count(OutboxState.Dead), r.CreatedAt)
    {
        Exchange = r.Exchange,
    };

    /// <summary>Scheme, host and port only (Discord and Slack put the token in the path, AMQP the password before the host); e-mail addresses whole.</summary>
    private static string Shown(string target) => target.StartsWith("mailto:", StringComparison.Ordinal) ? target : Host(new Uri(target));

    /// <summary>Authority is host and port, never the user and password an AMQP URL carries.</summary>
    private static string Host(Uri url) => $"{url.Scheme}://{url.Authority}/…";

    public void Dispose() => _loading.Dispose();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,255}$")]
    private static partial Regex ExchangeName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Name();
}
