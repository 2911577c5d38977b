using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Gantry.Runtime.Logs;

/// <summary>Instance logs on disk under <c>{root}/{app}/{workload}/{instance}.log</c>: opened per instance, read and followed per app or workload.</summary>
public sealed class LogStore
{
    /// <summary>A file rotates when it reaches this size.</summary>
    public const long DefaultMaxFileBytes = 5 * 1024 * 1024;

    /// <summary>Rotated files kept per instance (<c>.log.1</c>, <c>.log.2</c>).</summary>
    public const int DefaultKeepFiles = 2;

    private const int FollowBuffer = 10_000;

    private readonly string _root;
    private readonly long _maxFileBytes;
    private readonly int _keepFiles;
    private ImmutableArray<Follower> _followers = [];

    public LogStore(string rootDirectory)
        : this(rootDirectory, DefaultMaxFileBytes, DefaultKeepFiles)
    {
    }

    public LogStore(string rootDirectory, long maxFileBytes, int keepFiles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keepFiles);
        _root = Path.GetFullPath(rootDirectory);
        _maxFileBytes = maxFileBytes;
        _keepFiles = keepFiles;
    }

    public string RootDirectory => _root;

    /// <summary>Opens (appending to) the log of one instance; the caller disposes it when the instance is gone.</summary>
    public InstanceLog Open(string app, string workload, string instanceId)
    {
        var path = Path.Combine(_root, Segment(app), Segment(workload), Segment(instanceId) + ".log");
        return new InstanceLog(app, workload, instanceId, path, _maxFileBytes, _keepFiles, Publish);
    }

    /// <summary>The newest <c>Limit</c> lines of every instance (running or not) of the app or workload, oldest first.</summary>
    public IReadOnlyList<LogLine> Read(LogQuery query)
    {
        var limit = Math.Max(0, query.Limit);
        var lines = new List<LogLine>();
        foreach (var (workload, directory) in WorkloadDirectories(query))
        {
            var files = query.InstanceId is { } instance ? Directory.EnumerateFiles(directory, Segment(instance) + ".log*") : Directory.EnumerateFiles(directory, "*.log*");
            foreach (var file in files)
            {
                ReadFile(file, query.App, workload, query.Since, limit, lines);
            }
        }

        lines.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return lines.Count > limit ? lines.GetRange(lines.Count - limit, limit) : lines;
    }

    /// <summary>What <see cref="Read"/> returns, then every new line of the app or workload as it is written, until cancelled.</summary>
    public async IAsyncEnumerable<LogLine> FollowAsync(LogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(FollowBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var follower = new Follower(query.App, query.Workload, channel.Writer);
        ImmutableInterlocked.Update(ref _followers, static (list, f) => list.Add(f), follower);
        try
        {
            // Subscribed before reading, so a line written in between arrives twice at most: drop the copies.
            var initial = Read(query);
            var alreadySent = initial.ToHashSet();
            var olderThanSent = initial.Count >= query.Limit && initial.Count > 0 ? initial[0].Time : DateTimeOffset.MinValue;
            foreach (var line in initial)
            {
                yield return line;
            }

            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if ((alreadySent.Count > 0 && alreadySent.Remove(line)) || line.Time < olderThanSent || line.Time < query.Since)
                {
                    continue;
                }

                yield return line;
            }
        }
        finally
        {
            ImmutableInterlocked.Update(ref _followers, static (list, f) => list.Remove(f), follower);
        }
    }

    /// <summary>Deletes every log of the app, for when the app itself is deleted.</summary>
    public void DeleteApp(string app)
    {
        var directory = Path.Combine(_root, Segment(app));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Publish(LogLine line)
    {
        foreach (var follower in _followers)
        {
            if (follower.App == line.App && (follower.Workload is null || follower.Workload == line.Workload))
            {
                follower.Writer.TryWrite(line);
            }
        }
    }

    private List<(string Workload, string Directory)> WorkloadDirectories(LogQuery query)
    {
        var appDirectory = Path.Combine(_root, Segment(query.App));
        if (query.Workload is not null)
        {
            var directory = Path.Combine(appDirectory, Segment(query.Workload));
            return Directory.Exists(directory) ? [(query.Workload, directory)] : [];
        }

        return Directory.Exists(appDirectory)
            ? Directory.EnumerateDirectories(appDirectory).Select(d => (Workload: Path.GetFileName(d), Directory: d)).ToList()
            : [];
    }

    private static void ReadFile(string file, string app, string workload, DateTimeOffset? since, int limit, List<LogLine> into)
    {
        var name = Path.GetFileName(file);
        var suffix = name.LastIndexOf(".log", StringComparison.Ordinal);
        if (suffix <= 0)
        {
            return;
        }

        var instanceId = name[..suffix];
        string text;
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (IOException)
        {
            return; // rotated or deleted while we looked
        }

        // Only the newest `limit` lines of a file can be among the newest overall: keep memory bounded.
        var kept = new Queue<LogLine>();
        foreach (var raw in text.Split('\n'))
        {
            if (LogFileFormat.TryParse(raw, app, workload, instanceId, out var line) && !(line!.Time < since))
            {
                kept.Enqueue(line);
                if (kept.Count > limit)
                {
                    kept.Dequeue();
                }
            }
        }

        into.AddRange(kept);
    }

    /// <summary>Names become folder and file names: refuse anything that could step out of the root.</summary>
    private static string Segment(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a valid name for a log folder or file", nameof(name));
        }

        return name;
    }

    private sealed record Follower(string App, string? Workload, ChannelWriter<LogLine> Writer);
}
