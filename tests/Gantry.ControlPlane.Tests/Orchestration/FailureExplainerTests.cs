using System.Collections.Immutable;
using Gantry.ControlPlane.Orchestration;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Tests.Orchestration;

public sealed class FailureExplainerTests
{
    private static readonly InstanceStatus NotReady = new(
        "web-1", "shop", "web", Release: 2, InstancePhase.Running, Ready: false, ImmutableDictionary<int, int>.Empty.Add(8080, 13001),
        ProcessId: 4242, Restarts: 0, LastExit: null, LastProbe: "connect 127.0.0.1:13001: connection refused", ReadinessHint: null,
        StartedAt: DateTimeOffset.UnixEpoch, NextRestartAt: null, LastLogLines: ["Serving HTTP on 127.0.0.1 port 8080 (http://127.0.0.1:8080/) ..."]);

    [Fact]
    public void Explain_PutsTheRuntimesHint_RightAfterTheReadinessCheck()
    {
        const string hint = "the process runtime gives each instance its port in $PORT=13001; the app listens on 8080 (read the PORT variable in the app, or run the command through sh -c with $PORT in it)";

        var reason = FailureExplainer.Explain([NotReady with { ReadinessHint = hint }], TimeSpan.FromSeconds(20));

        Assert.Equal(
            $"not ready after 20s: instance web-1; readiness check: connect 127.0.0.1:13001: connection refused; {hint}\n"
                + "last output:\n  Serving HTTP on 127.0.0.1 port 8080 (http://127.0.0.1:8080/) ...",
            reason);
    }

    [Fact]
    public void Explain_WithoutAHint_SaysWhatTheCheckGot()
    {
        var reason = FailureExplainer.Explain([NotReady with { LastLogLines = [] }], TimeSpan.FromSeconds(20));

        Assert.Equal("not ready after 20s: instance web-1; readiness check: connect 127.0.0.1:13001: connection refused", reason);
    }

    [Fact]
    public void Explain_PrefersAnInstanceThatCrashed_ToOneThatIsOnlyNotReady()
    {
        var crashed = NotReady with
        {
            InstanceId = "web-2", LastExit = new InstanceExit(3, null, DateTimeOffset.UnixEpoch), Restarts = 2, LastProbe = null, LastLogLines = ["fatal"],
        };

        var reason = FailureExplainer.Explain([NotReady, crashed], TimeSpan.FromSeconds(20));

        Assert.Equal("not ready after 20s: instance web-2 exit code 3 (restarted 2 times)\nlast output:\n  fatal", reason);
    }
}
