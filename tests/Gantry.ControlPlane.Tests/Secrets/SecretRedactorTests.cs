using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Secrets;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Secrets;

public sealed class SecretRedactorTests : IDisposable
{
    private readonly TempDirectory _data = new("gantry-redact");

    public void Dispose() => _data.Dispose();

    [Fact]
    public void SecretNamedVariables_AreShownAsAFingerprint_ThatChangesWithTheValue_AndIsStableForTheSameValue()
    {
        var redactor = Redactor();

        var first = Variables(redactor.Redact(Spec(("DB_PASSWORD", "hunter2-long"), ("GREETING", "hi"))));
        var again = Variables(redactor.Redact(Spec(("DB_PASSWORD", "hunter2-long"))));
        var changed = Variables(redactor.Redact(Spec(("DB_PASSWORD", "hunter3-long"))));

        Assert.Matches(@"^\(secret, fingerprint [0-9a-f]{8}\)$", first["DB_PASSWORD"]);
        Assert.Equal(first["DB_PASSWORD"], again["DB_PASSWORD"]);
        Assert.NotEqual(first["DB_PASSWORD"], changed["DB_PASSWORD"]);
        Assert.Equal("hi", first["GREETING"]);
    }

    [Fact]
    public void Fingerprints_AreKeyedPerInstallation_SoTheyCannotBeMatchedAcrossInstallations()
    {
        using var other = new TempDirectory("gantry-redact-other");
        var spec = Spec(("API_TOKEN", "same-value-here"));

        var here = Variables(Redactor().Redact(spec))["API_TOKEN"];
        var there = Variables(new SecretRedactor(new SecretFingerprint(new DataDirectory(other.Path))).Redact(spec))["API_TOKEN"];

        Assert.NotEqual(here, there);
        Assert.Equal(here, Variables(Redactor().Redact(spec))["API_TOKEN"]);
        var key = Path.Combine(_data.Path, "keys", "fingerprint.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public void ASecretValue_UsedElsewhere_IsReplacedThere_InVariablesArgumentsFilesAndProbeHeaders()
    {
        const string password = "s3cr3t-pa55";
        var container = Container(("DB_PASSWORD", password), ("DATABASE_URL", $"postgres://app:{password}@db/app")) with
        {
            Args = ["--password", password],
            Files = [new FileSpec("/etc/app.conf", null, $"password={password}\n", null, null, false)],
            ReadinessProbe = new ProbeSpec(new HttpProbeSpec(8080, "/health", "HTTP", null, [new HttpHeaderSpec("Authorization", "Bearer tok-123456"), new HttpHeaderSpec("Accept", "text/plain")]), []),
        };

        var redacted = Redactor().Redact(SpecOf(container)).Workloads[0].Containers[0];

        Assert.Equal("postgres://app:(secret)@db/app", redacted.Variables["DATABASE_URL"]);
        Assert.Equal(["--password", "(secret)"], redacted.Args.ToArray());
        Assert.Equal("password=(secret)\n", redacted.Files[0].Content);
        Assert.StartsWith("(secret, fingerprint ", redacted.ReadinessProbe!.HttpGet!.Headers[0].Value);
        Assert.Equal("text/plain", redacted.ReadinessProbe.HttpGet.Headers[1].Value);
        Assert.DoesNotContain(password, SpecSerializer.Serialize(Redactor().Redact(SpecOf(container))));
    }

    [Fact]
    public void ARevealListsTheSecretValues_AndNothingElse()
    {
        var spec = Spec(("DB_PASSWORD", "pw-value"), ("GREETING", "hi"));

        var revealed = SecretRedactor.Reveal(spec);

        Assert.Equal([new RevealedSecret("web", "main", "DB_PASSWORD", "pw-value")], revealed);
    }

    [Fact]
    public void TheScrubber_ReplacesAnAppsSecretValues_InTextItWrites_LongestFirst_AndLeavesShortValuesAlone()
    {
        var scrubber = new SecretScrubber();
        scrubber.Remember(Spec(("DB_PASSWORD", "abcdef"), ("API_KEY", "abcdefghij"), ("PIN", "12")));

        Assert.Equal("connecting with (secret) and (secret), pin 12", scrubber.Scrub("shop", "connecting with abcdefghij and abcdef, pin 12"));
        Assert.Equal("abcdef", scrubber.Scrub("other", "abcdef"));
        Assert.Equal("x (secret) y", scrubber.ScrubAll("x abcdef y"));
        scrubber.Forget("shop");
        Assert.Equal("abcdef", scrubber.Scrub("shop", "abcdef"));
    }

    private SecretRedactor Redactor() => new(new SecretFingerprint(new DataDirectory(_data.Path)));

    private static AppSpec Spec(params (string Name, string Value)[] variables) => SpecOf(Container(variables));

    private static AppSpec SpecOf(ContainerSpec container) => new("shop", [new WorkloadSpec("web", "score.yaml", 1, RolloutSpec.Default, [], [container], [], ImmutableDictionary<string, string>.Empty)]);

    private static ContainerSpec Container(params (string Name, string Value)[] variables) =>
        new("main", "nginx", null, [], [], variables.ToImmutableDictionary(v => v.Name, v => v.Value), [], [], null, null, null);

    private static ImmutableDictionary<string, string> Variables(AppSpec spec) => spec.Workloads[0].Containers[0].Variables;
}
