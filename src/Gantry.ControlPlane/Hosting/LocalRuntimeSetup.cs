using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Builds.Container;
using Gantry.Runtime.Instances.Container;
using Gantry.Runtime.Instances.Process;

namespace Gantry.ControlPlane.Hosting;

/// <summary>Picks the local runtime (containers when an engine answers, else processes, unless asked) and registers it.</summary>
public static class LocalRuntimeSetup
{
    /// <summary>The engine to run apps on, or null for the process runtime; throws when containers are required and no engine answers.</summary>
    public static async Task<ContainerEngine?> ResolveEngineAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        if (options.Runtime == RuntimeChoice.Process)
        {
            return null;
        }

        var engine = await ContainerEngine.TryConnectAsync(options.DockerHost, cancellationToken);
        if (engine is null && options.Runtime == RuntimeChoice.Container)
        {
            throw new IOException(
                $"no Docker Engine API answers at {options.DockerHost ?? "DOCKER_HOST or the usual sockets (/var/run/docker.sock, /run/podman/podman.sock)"}; start Docker or 'podman system service', set DOCKER_HOST, or use --runtime process.");
        }

        return engine;
    }

    /// <summary>Registers the build services, the process driver (always: it reaps orphans of earlier runs) and the chosen runtime.</summary>
    public static void AddLocalRuntime(this IServiceCollection services, ServerOptions options, DataDirectory data, ContainerEngine? engine)
    {
        services.AddSingleton(sp => new ProcessDriver(data.Run, sp.GetRequiredService<ILogger<ProcessDriver>>()));
        services.AddSingleton(sp => new SourceBuildService(
            data.Builds,
            new BuildOptions { StaticServerCommand = [.. options.StaticServerCommand] },
            sp.GetRequiredService<ILogger<SourceBuildService>>()));
        if (engine is null)
        {
            services.AddSingleton<IWorkloadRuntime, ProcessWorkloadRuntime>();
            return;
        }

        services.AddSingleton(engine);
        services.AddSingleton<ContainerDriver>();
        services.AddSingleton<ContainerImageBuilder>();
        services.AddSingleton<IWorkloadRuntime, ContainerWorkloadRuntime>();
    }
}
