using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.ControlPlane.Resources;
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

        var connection = await ContainerEngine.ConnectAsync(options.DockerHost, options.Runtime == RuntimeChoice.Container, cancellationToken);
        if (connection.Engine is null && options.Runtime == RuntimeChoice.Container)
        {
            throw new IOException(
                $"{connection.Failure}; start Docker or 'podman system service', set DOCKER_HOST, or use --runtime process.");
        }

        return connection.Engine;
    }

    /// <summary>Registers the build services, the process driver (always: on another runtime it reaps the processes a killed Gantry left) and the chosen runtime.</summary>
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
            services.AddSingleton(ServicePlacement.Processes);
            return;
        }

        services.AddSingleton(engine);
        var installation = data.InstallationId();
        services.AddSingleton(ServicePlacement.Containers(engine.Client, installation));
        services.AddSingleton(sp => new ContainerDriver(engine, installation, sp.GetRequiredService<ILogger<ContainerDriver>>()));
        services.AddSingleton<ContainerImageBuilder>();
        services.AddSingleton<IWorkloadRuntime, ContainerWorkloadRuntime>();
    }
}
