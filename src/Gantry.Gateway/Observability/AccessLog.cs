using System.Text.Json;
using System.Threading.Channels;
using Gantry.Gateway.Policies;
using Microsoft.Extensions.Options;

namespace Gantry.Gateway.Observability;

/// <summary>
/// The access log: requests are queued without waiting and written as JSON lines by one background writer, so the
/// request path never touches the disk. The file is kept open, and renamed to <c>.1</c> once past 64 MiB.
/// </summary>
public sealed class AccessLog : BackgroundService
{
    private const long RotateAtBytes = 64L * 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<AccessLogEntry> _queue = Channel.CreateBounded<AccessLogEntry>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly string? _path;
    private readonly ILogger _logger;

    public AccessLog(IOptions<GatewayOptions> options, ILogger<AccessLog> logger)
    {
        _path = options.Value.AccessLogPath;
        _logger = logger;
    }

    public bool Enabled => _path is not null;

    /// <summary>Queues an entry; when the writer falls 100,000 lines behind, new lines are dropped rather than slowing requests.</summary>
    public void Write(AccessLogEntry entry) => _queue.Writer.TryWrite(entry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_path is null)
        {
            return;
        }

        FileStream? file = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                file ??= Open(_path);
                while (_queue.Reader.TryRead(out var entry))
                {
                    JsonSerializer.Serialize(file, entry, Json);
                    file.WriteByte((byte)'\n');
                }

                await file.FlushAsync(stoppingToken);
                if (file.Length > RotateAtBytes)
                {
                    await file.DisposeAsync();
                    file = null;
                    File.Move(_path, _path + ".1", overwrite: true);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException ex)
        {
            PolicyLog.AccessLogFailed(_logger, _path, ex.Message);
        }
        finally
        {
            // What was queued before the stop is written too.
            if (_queue.Reader.TryPeek(out _))
            {
                file ??= Open(_path);
            }

            if (file is not null)
            {
                while (_queue.Reader.TryRead(out var entry))
                {
                    JsonSerializer.Serialize(file, entry, Json);
                    file.WriteByte((byte)'\n');
                }

                await file.DisposeAsync();
            }
        }
    }

    private static FileStream Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
    }
}
