using System.Text.RegularExpressions;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>The commonest first deploy on the process runtime: an app that listens on its Score port instead of on $PORT is told so.</summary>
public sealed partial class ProcessPortTests() : RunningGantryTest("gantry-ports")
{
    // Debian's python3: a pyenv shim on PATH may lack a version for the app's folder.
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    [Fact]
    public async Task Deploy_OfAnAppListeningOn8080InsteadOfOnPort_FailsNamingBothPorts_StatusSaysSoMeanwhile_AndTheSuggestedFixWorks()
    {
        var gantryYaml = WriteApp(Temp.Combine("listens-on-8080"), $"""["{Python}", "-m", "http.server", "8080", "--bind", "127.0.0.1"]""");

        var deploying = Gantry.RunAsync("deploy", "-f", gantryYaml, "--wait", "--timeout", "90s");

        // While it rolls out, the instance's readiness explanation in `gantry status` already says it.
        var status = await Eventually.UntilAsync(
            () => Gantry.RunAsync("status", "pyweb"),
            s => StatusHint().IsMatch(Flat(s.Stdout)) || deploying.IsCompleted,
            TimeSpan.FromSeconds(60),
            "gantry status to explain why the instance is not ready");
        var deploy = await deploying;

        Assert.Matches(StatusHint(), Flat(status.Stdout));
        Assert.True(deploy.ExitCode == 1, $"{deploy}\n--- server\n{Gantry.Output}");
        Assert.Matches(Hint(), Flat(deploy.Stdout + deploy.Stderr));
        Assert.Contains("; the app listens on 8080 (read the PORT variable in the app, or run the command through sh -c with $PORT in it)", Flat(deploy.Stderr));

        // Doing as the hint says works.
        var fixedYaml = WriteApp(Temp.Combine("listens-on-port"), $"""["sh", "-c", "exec {Python} -m http.server $PORT --bind 127.0.0.1"]""");
        var fixedDeploy = await Gantry.RunAsync("deploy", "-f", fixedYaml, "--wait", "--timeout", "90s");
        Assert.True(fixedDeploy.ExitCode == 0, $"{fixedDeploy}\n--- server\n{Gantry.Output}");
    }

    /// <summary>A Score app with the service port 8080 whose command is <paramref name="command"/>; returns its gantry.yaml.</summary>
    private static string WriteApp(string directory, string command)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "score.yaml"), $"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                web:
                  port: 8080
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

    [GeneratedRegex(@"the process runtime gives each instance its port in \$PORT=\d+; the app listens on 8080")]
    private static partial Regex Hint();

    [GeneratedRegex(@"is not ready: readiness check: connect 127\.0\.0\.1:(\d+): connection refused; the process runtime gives each instance its port in \$PORT=\1; the app listens on 8080 \(")]
    private static partial Regex StatusHint();
}
