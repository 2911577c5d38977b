using System.Text.RegularExpressions;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>The commonest first deploy on the process runtime: an app that listens on its Score port instead of on $PORT is told so.</summary>
public sealed partial class ProcessPortTests() : RunningGantryTest("gantry-ports")
{
    private static readonly string Python = DebianPython.Path;

    [Fact]
    public async Task Deploy_OfAnAppListeningOnItsScorePortInsteadOfOnPort_FailsNamingBothPorts_StatusSaysSoMeanwhile_AndTheSuggestedFixWorks()
    {
        // The Score port the app wrongly listens on (8080 in the classic mistake): one no other test or program holds.
        using var scorePort = ReservedPort.Take();
        var listens = scorePort.Number;
        var gantryYaml = WriteApp(Temp.Combine("listens-on-score-port"), listens, $"""["{Python}", "-m", "http.server", "{listens}", "--bind", "127.0.0.1"]""");

        var deploying = Gantry.RunAsync("deploy", "-f", gantryYaml, "--wait", "--timeout", "90s");

        // While it rolls out, the instance's readiness explanation in `gantry status` already says it.
        var status = await Eventually.UntilAsync(
            () => Gantry.RunAsync("status", "pyweb"),
            s => StatusHint(listens).IsMatch(Flat(s.Stdout)) || deploying.IsCompleted,
            TimeSpan.FromSeconds(60),
            "gantry status to explain why the instance is not ready");
        var deploy = await deploying;

        Assert.Matches(StatusHint(listens), Flat(status.Stdout));
        Assert.True(deploy.ExitCode == 1, $"{deploy}\n--- server\n{Gantry.Output}");
        Assert.Matches($@"the process runtime gives each instance its port in \$PORT=\d+; the app listens on {listens}", Flat(deploy.Stdout + deploy.Stderr));
        Assert.Contains($"; the app listens on {listens} (read the PORT variable in the app, or run the command through sh -c with $PORT in it)", Flat(deploy.Stderr));
        Assert.Contains("no release of pyweb is serving yet", Flat(deploy.Stderr));

        // Doing as the hint says works.
        var fixedYaml = WriteApp(Temp.Combine("listens-on-port"), listens, $"""["sh", "-c", "exec {Python} -m http.server $PORT --bind 127.0.0.1"]""");
        var fixedDeploy = await Gantry.RunAsync("deploy", "-f", fixedYaml, "--wait", "--timeout", "90s");
        Assert.True(fixedDeploy.ExitCode == 0, $"{fixedDeploy}\n--- server\n{Gantry.Output}");
    }

    /// <summary>A Score app with the service port <paramref name="port"/> whose command is <paramref name="command"/>; returns its gantry.yaml.</summary>
    private static string WriteApp(string directory, int port, string command)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                web:
                  port: {port}
            containers:
              main:
                image: .
                command: {command}
            """);
        File.WriteAllText(Path.Combine(directory, "gantry.yaml"), """
            name: pyweb
            workloads:
              - score: score.yaml
                rollout:
                  readyTimeout: 20s
            """);
        return Path.Combine(directory, "gantry.yaml");
    }

    /// <summary>Output as one line: the CLI may wrap long lines.</summary>
    private static string Flat(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The instance's explanation in <c>gantry status</c>: the probe's port is $PORT, and the app listens on <paramref name="listens"/>.</summary>
    private static Regex StatusHint(int listens) =>
        new($@"is not ready: readiness check: connect 127\.0\.0\.1:(\d+): connection refused; the process runtime gives each instance its port in \$PORT=\1; the app listens on {listens} \(");
}
