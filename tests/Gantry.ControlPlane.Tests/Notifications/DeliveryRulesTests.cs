using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Notifications;

namespace Gantry.ControlPlane.Tests.Notifications;

/// <summary>Which events a destination takes, how far apart retries are, and what chat destinations are sent.</summary>
public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData("release.*", "release.failed", true)]
    [InlineData("release.*", "build.failed", false)]
    [InlineData("*.failed", "backup.failed", true)]
    [InlineData("*.failed", "release.failed.twice", false)]
    [InlineData("release.failed, instance.crashed", "instance.crashed", true)]
    [InlineData("release.failed", "release.failedx", false)]
    [InlineData("*", "anything.at.all", true)]
    public void Patterns_MatchWholeTypes_WithStarsForAnyRun(string patterns, string type, bool matches)
    {
        var parsed = EventPatterns.Parse(patterns, out var error);

        Assert.Null(error);
        Assert.Equal(matches, parsed!.Matches(type));
    }

    [Fact]
    public void TheDefault_TakesFailuresAndSuccessfulReleases_NotEveryStep()
    {
        var parsed = EventPatterns.Parse(null, out _)!;

        Assert.True(parsed.Matches("release.failed"));
        Assert.True(parsed.Matches("release.succeeded"));
        Assert.True(parsed.Matches("instance.crashloop"));
        Assert.True(parsed.Matches("instance.oom"));
        Assert.True(parsed.Matches("certificate.failed"));
        Assert.False(parsed.Matches("instance.crashed"));
        Assert.False(parsed.Matches("rollout.started"));
        Assert.False(parsed.Matches("instance.started"));
    }

    [Fact]
    public void NotificationEvents_AreNeverSent_SoTheyCannotFeedThemselves()
    {
        var all = new OpenedDestination("all", DestinationMessages.Webhook, "https://hooks.example/", "s", EventPatterns.Parse("*", out _)!, null);

        Assert.False(all.Takes("web", "notification.test"));
        Assert.True(all.Takes("web", "release.failed"));
    }

    [Fact]
    public void Backoff_DoublesFromTheFirstWait_UpToTheLongest_HonouringRetryAfterWithinIt()
    {
        var policy = new DeliveryPolicy(8, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

        Assert.InRange(policy.Backoff(1).TotalSeconds, 8, 12);
        Assert.InRange(policy.Backoff(3).TotalSeconds, 32, 48);
        Assert.InRange(policy.Backoff(30).TotalSeconds, 48, 72);
        Assert.Equal(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(Math.Round(policy.Backoff(1, TimeSpan.FromHours(1)).TotalSeconds)));
    }

    [Fact]
    public void Slack_EscapesItsMarkupCharacters_AndDiscordCapsContentAt2000()
    {
        var notification = new EventNotification("evt_1", "release.failed", "shop", 3, "<!channel> & " + new string('x', 3000), "ci", DateTimeOffset.UnixEpoch);

        using var slack = JsonDocument.Parse(DestinationMessages.Body(DestinationMessages.Slack, notification, "{}"));
        using var discord = JsonDocument.Parse(DestinationMessages.Body(DestinationMessages.Discord, notification, "{}"));

        Assert.StartsWith("*shop* · `release.failed` · release 3\n&lt;!channel&gt; &amp; x", slack.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2000, discord.RootElement.GetProperty("content").GetString()!.Length);
        Assert.Equal("{}", Encoding.UTF8.GetString(DestinationMessages.Body(DestinationMessages.Webhook, notification, "{}")));
    }

    [Fact]
    public void TheSignature_IsTheHexHmacOfTheBody()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal(
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            DestinationSender.Sign("Jefe", Encoding.UTF8.GetBytes("what do ya want for nothing?")));
    }
}
