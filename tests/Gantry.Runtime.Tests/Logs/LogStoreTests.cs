using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;

namespace Gantry.Runtime.Tests.Logs;

public sealed class LogStoreTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Read_MergesTheLinesOfAllInstancesAndWorkloads_InTimeOrder()
    {
        var store = new LogStore(_root.Path);
        using var a = store.Open("shop", "web", "web-a");
        using var b = store.Open("shop", "web", "web-b");
        using var worker = store.Open("shop", "worker", "worker-a");
        using var otherApp = store.Open("blog", "web", "web-a");
        a.Write("stdout", "a1");
        b.Write("stderr", "b1");
        worker.Write("stdout", "w1");
        a.Write("gantry", "a2");
        otherApp.Write("stdout", "elsewhere");

        var all = store.Read(new LogQuery("shop", null, null));
        var web = store.Read(new LogQuery("shop", "web", null));

        Assert.Equal(["a1", "b1", "w1", "a2"], all.Select(l => l.Text));
        Assert.Equal(["web-a", "web-b", "worker-a", "web-a"], all.Select(l => l.InstanceId));
        Assert.Equal(["stdout", "stderr", "stdout", "gantry"], all.Select(l => l.Stream));
        Assert.Equal(["a1", "b1", "a2"], web.Select(l => l.Text));
        Assert.All(all, l => Assert.Equal("shop", l.App));
    }

    [Fact]
    public void Read_KeepsLinesOfInstancesThatNoLongerRun_AcrossANewStoreOnTheSameFolder()
    {
        using (var log = new LogStore(_root.Path).Open("shop", "web", "web-old"))
        {
            log.Write("stdout", "from an instance that is gone");
        }

        var lines = new LogStore(_root.Path).Read(new LogQuery("shop", "web", null));

        var line = Assert.Single(lines);
        Assert.Equal(("web-old", "stdout", "from an instance that is gone"), (line.InstanceId, line.Stream, line.Text));
        Assert.Equal(TimeSpan.Zero, line.Time.Offset);
    }

    [Fact]
    public void Read_WithSince_ReturnsOnlyLinesFromThatTimeOn()
    {
        var store = new LogStore(_root.Path);
        using var log = store.Open("shop", "web", "web-a");
        log.Write("stdout", "before");
        var since = log.Tail(1)[0].Time.AddTicks(1);
        log.Write("stdout", "after");

        var lines = store.Read(new LogQuery("shop", null, since));

        Assert.Equal(["after"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Read_WithLimit_ReturnsTheNewestLinesOldestFirst()
    {
        var store = new LogStore(_root.Path);
        using var log = store.Open("shop", "web", "web-a");
        for (var i = 1; i <= 10; i++)
        {
            log.Write("stdout", $"line {i}");
        }

        var lines = store.Read(new LogQuery("shop", "web", null, Limit: 3));

        Assert.Equal(["line 8", "line 9", "line 10"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Write_RotatesAtTheSizeLimit_KeepingTwoOldFiles()
    {
        var store = new LogStore(_root.Path, maxFileBytes: 2_000, keepFiles: 2);
        using var log = store.Open("shop", "web", "web-a");
        for (var i = 1; i <= 200; i++)
        {
            log.Write("stdout", $"line {i:000} " + new string('x', 40));
        }

        var folder = _root.Combine("shop", "web");
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToList();
        var lines = store.Read(new LogQuery("shop", "web", null, Limit: 10_000));

        Assert.Equal(["web-a.log", "web-a.log.1", "web-a.log.2"], files);
        Assert.All(Directory.GetFiles(folder), f => Assert.True(new FileInfo(f).Length < 2_100, $"{f} is {new FileInfo(f).Length} bytes"));
        Assert.StartsWith("line 200 ", lines[^1].Text);
        Assert.InRange(lines.Count, 50, 199); // the oldest lines were rotated away, the rest are contiguous and in order
        var numbers = lines.Select(l => int.Parse(l.Text[5..8], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
    }

    [Fact]
    public void Write_SplitsMultilineText_AndTailReturnsTheLastLines()
    {
        var store = new LogStore(_root.Path);
        using var log = store.Open("shop", "web", "web-a");
        log.Write("stderr", "Unhandled exception\r\n   at Main()\n   at Start()");

        Assert.Equal(["   at Main()", "   at Start()"], log.Tail(2).Select(l => l.Text));
        Assert.Equal(3, store.Read(new LogQuery("shop", "web", null)).Count);
        Assert.Equal(3, log.Tail(1000).Count);
    }

    [Fact]
    public async Task FollowAsync_ReturnsExistingLines_ThenLinesOfInstancesOpenedAfterFollowingStarted()
    {
        var store = new LogStore(_root.Path);
        using var old = store.Open("shop", "web", "web-old");
        old.Write("stdout", "existing");
        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        await using var follow = store.FollowAsync(new LogQuery("shop", "web", null), timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("existing", follow.Current.Text);

        var next = follow.MoveNextAsync().AsTask(); // following is now live
        using var other = store.Open("shop", "worker", "worker-a");
        other.Write("stdout", "another workload");
        using var fresh = store.Open("shop", "web", "web-new");
        fresh.Write("stdout", "from the new instance");
        old.Write("stdout", "from the old instance");

        Assert.True(await next);
        Assert.Equal(("web-new", "from the new instance"), (follow.Current.InstanceId, follow.Current.Text));
        Assert.True(await follow.MoveNextAsync());
        Assert.Equal(("web-old", "from the old instance"), (follow.Current.InstanceId, follow.Current.Text));
    }

    [Fact]
    public async Task FollowAsync_DoesNotRepeatLinesWrittenWhileItStarted()
    {
        var store = new LogStore(_root.Path);
        using var log = store.Open("shop", "web", "web-a");
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                log.Write("stdout", $"line {i}");
            }
        });
        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        var seen = new List<string>();
        await foreach (var line in store.FollowAsync(new LogQuery("shop", "web", null, Limit: 100_000), timeout.Token))
        {
            seen.Add(line.Text);
            if (line.Text == "line 1999")
            {
                break;
            }
        }

        await writer;
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => $"line {i}"), seen);
    }

    [Fact]
    public void DeleteApp_RemovesEveryLogOfTheApp_AndOnlyThatApp()
    {
        var store = new LogStore(_root.Path);
        using (var log = store.Open("shop", "web", "web-a"))
        using (var other = store.Open("blog", "web", "web-a"))
        {
            log.Write("stdout", "x");
            other.Write("stdout", "y");
        }

        store.DeleteApp("shop");

        Assert.Empty(store.Read(new LogQuery("shop", null, null)));
        Assert.Single(store.Read(new LogQuery("blog", null, null)));
        Assert.False(Directory.Exists(_root.Combine("shop")));
    }

    [Fact]
    public void Open_RefusesNamesThatWouldLeaveTheLogFolder()
    {
        var store = new LogStore(_root.Path);

        Assert.Throws<ArgumentException>(() => store.Open("..", "web", "x"));
        Assert.Throws<ArgumentException>(() => store.Open("shop", "a/b", "x"));
    }
}
