using Gantry.Cli.Tests.Support;

namespace Gantry.Cli.Tests.Commands;

/// <summary>A form Score deprecates is accepted by <c>gantry deploy</c>, which says so at its place before anything is uploaded.</summary>
public sealed class DeployWarningTests() : RunningGantryTest("gantry-warn")
{
    [Fact]
    public async Task TheListFormOfFiles_IsAWarningAtItsLine_NotAnError()
    {
        var score = Temp.Combine("score.yaml");
        await File.WriteAllTextAsync(score, """
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            containers:
              app:
                image: nginx:1.27
                files:
                  - target: /etc/app.conf
                    content: "port=80"
            """);

        var result = await Gantry.RunAsync("deploy", "-f", score);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(
            "warning: score.yaml:8:7: containers.app.files: the list form of 'files' is deprecated in Score; write a map from target path to entry",
            result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error: score.yaml", result.Stderr, StringComparison.Ordinal);
    }
}
