using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Tests.Policies;

public sealed class BoundedTableTests
{
    [Fact]
    public void AFloodOfNewKeys_NeverGrowsTheTablePastItsCapacity_AndEachAdmissionLooksAtAFewEntriesAtMost()
    {
        var evicted = new List<int>();
        var table = new BoundedTable<int, string>(100, evicted: (key, _) => evicted.Add(key));

        for (var i = 0; i < 10_000; i++)
        {
            table.GetOrAdd(i, static (key, _) => $"value {key}", 0);
            Assert.True(table.Count <= 100, $"{table.Count} entries after {i + 1} admissions");
        }

        Assert.Equal(10_000, table.Admissions);
        Assert.Equal(9_900, table.Evictions);
        Assert.Equal(9_900, evicted.Count);
        Assert.True(table.Examined <= table.Evictions * BoundedTable<int, string>.MaxExamined, $"{table.Examined} examined for {table.Evictions} evictions");
        Assert.True(table.TryGetValue(9_999, out var newest));
        Assert.Equal("value 9999", newest);
        Assert.False(table.TryGetValue(0, out _));
    }

    [Fact]
    public void AKeyUsedBetweenAdmissions_SurvivesAFloodOfOneOffKeys_AndTheOldestUnusedGoFirst()
    {
        var table = new BoundedTable<string, string>(50, StringComparer.Ordinal);
        table.GetOrAdd("regular", static (_, _) => "kept", 0);

        for (var i = 0; i < 5_000; i++)
        {
            table.GetOrAdd($"one-off {i}", static (_, _) => "x", 0);
            if (i % 10 == 0)
            {
                Assert.True(table.TryGetValue("regular", out _), $"the regular key was evicted after {i} one-off keys");
            }
        }

        Assert.True(table.TryGetValue("regular", out var value));
        Assert.Equal("kept", value);
        Assert.True(table.Count <= 50);
    }

    [Fact]
    public void ATableWhereEveryEntryIsBusy_StillAdmitsWithBoundedWork()
    {
        var table = new BoundedTable<int, string>(64);
        for (var i = 0; i < 64; i++)
        {
            table.GetOrAdd(i, static (_, _) => "x", 0);
        }

        for (var round = 0; round < 1_000; round++)
        {
            // Every entry used since the hand last passed: second chances cannot go on for ever.
            for (var i = 0; i < 64; i++)
            {
                table.TryGetValue(i, out _);
            }

            var before = table.Examined;
            table.GetOrAdd(1_000 + round, static (_, _) => "new", 0);
            Assert.InRange(table.Examined - before, 1, BoundedTable<int, string>.MaxExamined);
        }

        Assert.Equal(64, table.Count);
    }

    [Fact]
    public void Set_ReplacesAValue_AndTryRemove_FreesASlotWithoutCallingTheEvictionHandler()
    {
        var evicted = 0;
        var table = new BoundedTable<int, string>(4, evicted: (_, _) => evicted++);
        for (var i = 0; i < 4; i++)
        {
            table.Set(i, "first");
        }

        table.Set(2, "second");
        Assert.True(table.TryRemove(1, out var removed));
        table.Set(10, "new");

        Assert.Equal("first", removed);
        Assert.True(table.TryGetValue(2, out var replaced));
        Assert.Equal("second", replaced);
        Assert.True(table.TryGetValue(10, out _));
        Assert.True(table.TryGetValue(0, out _)); // the freed slot was used, not an entry's
        Assert.False(table.TryGetValue(1, out _));
        Assert.Equal(0, evicted);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void AStringKey_IsFoundFromASpanOfIt_WhichCountsAsAUse()
    {
        var table = new BoundedTable<string, string>(2, StringComparer.Ordinal);
        table.Set("token-a", "alice");
        table.Set("token-b", "bob");
        var header = "Bearer token-a ";

        Assert.True(table.TryGetValue(header.AsSpan(7).Trim(), out var found));
        Assert.Equal("alice", found);
        Assert.False(table.TryGetValue("token-c".AsSpan(), out _));

        // token-a was used since the hand last passed: the next admission evicts token-b.
        table.Set("token-c", "carol");
        Assert.True(table.TryGetValue("token-a", out _));
        Assert.False(table.TryGetValue("token-b", out _));
    }

    [Fact]
    public async Task ConcurrentAdmissionsOfTheSameKeys_CreateEachValueOnce_AndStayWithinTheCapacity()
    {
        var table = new BoundedTable<int, object>(1_000);
        var created = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                table.GetOrAdd(i % 500, (_, _) =>
                {
                    Interlocked.Increment(ref created);
                    return new object();
                }, 0);
            }
        })));

        Assert.Equal(500, created);
        Assert.Equal(500, table.Count);
    }
}
