using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Jobs;

/// <summary>A job's <c>command</c> in place of its workload's: the whole command line, as Kubernetes' <c>command</c> with no <c>args</c>.</summary>
public static class JobCommand
{
    public static InstanceSpec Apply(InstanceSpec spec, ImmutableArray<string> command)
    {
        if (command.IsDefaultOrEmpty)
        {
            return spec;
        }

        return spec.Container is { } container
            ? spec with { Container = container with { Command = command, Args = [] } }
            : spec with { Launch = spec.Launch with { FileName = command[0], Arguments = command[1..] } };
    }
}
