namespace Gantry.AppModel.Tests.GantryFile;

/// <summary>gantry.yaml's <c>backups</c>: a cron schedule (five fields, or six with seconds) and how many to keep.</summary>
public sealed class BackupScheduleParserTests
{
    private const string Score = """
        apiVersion: score.dev/v1b1
        metadata: { name: web }
        containers:
          main: { image: nginx }
        """;

    private static Gantry.AppModel.Loading.AppLoadResult Load(string backups) => TestApp.Load(
        "gantry.yaml",
        ("gantry.yaml", "name: shop\nworkloads:\n  - score: score.yaml\n" + backups),
        ("score.yaml", Score));

    [Fact]
    public void ASchedule_IsKeptWithItsKeep_AndKeepDefaultsToSeven()
    {
        var daily = Load("backups:\n  schedule: \"0 3 * * *\"\n  keep: 14\n");
        Assert.Empty(daily.Errors);
        Assert.Equal(new("0 3 * * *", 14), daily.App!.Backups);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 3, 0, 0, TimeSpan.Zero), daily.App.Backups!.NextAfter(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero)));

        var everyTwoSeconds = Load("backups: { schedule: \"*/2 * * * * *\" }\n");
        Assert.Empty(everyTwoSeconds.Errors);
        Assert.Equal(7, everyTwoSeconds.App!.Backups!.Keep);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 2, TimeSpan.Zero), everyTwoSeconds.App.Backups.NextAfter(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero)));
        Assert.Null(Load("").App!.Backups);
    }

    [Theory]
    [InlineData("backups:\n  schedule: \"every night\"\n", "gantry.yaml:5:13: backups.schedule: 'every night' is not a cron expression")]
    [InlineData("backups:\n  schedule: \"0 3 * * *\"\n  keep: 0\n", "gantry.yaml:6:9: backups.keep:")]
    [InlineData("backups:\n  keep: 3\n", "backups.schedule:")]
    [InlineData("backups:\n  schedule: \"0 3 * * *\"\n  retain: 3\n", "backups.retain:")]
    public void AWrongBackupsSection_IsAnErrorAtItsPlace(string backups, string expected)
    {
        var errors = Load(backups).Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || (e.Contains(expected, StringComparison.Ordinal) && !expected.StartsWith("gantry.yaml", StringComparison.Ordinal)));
    }
}
