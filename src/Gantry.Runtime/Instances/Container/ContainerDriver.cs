using System.Collections.Immutable;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances.Container;

/// <summary>
/// Runs each instance as a container through the Docker Engine API (Docker or Podman): labelled so a restarted Gantry
/// finds and adopts it, its ports published on 127.0.0.1, its volumes kept whatever happens to the container.
/// Everything it creates carries <paramref name="installation"/>, and it only ever finds, adopts or removes what does.
/// </summary>
public sealed class ContainerDriver(ContainerEngine engine, string installation, ILogger<ContainerDriver> logger) : IInstanceDriver
{
    private readonly DockerClient _client = engine.Client;

    public string Name => "container";

    /// <summary>The container's name: engine-wide unique, since instance ids are unique only within one installation.</summary>
    public static string ContainerName(string instanceId, string installation) => $"{instanceId}.{installation}";

    public async Task<IRunningInstance> StartAsync(InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken)
    {
        var launch = spec.Container ?? throw new InstanceStartException($"instance {spec.InstanceId} has no image to run");
        try
        {
            await EngineImages.EnsureAsync(_client, launch.Image, new SyncProgress<string>(line => log.Write("gantry", line)), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new InstanceStartException(e.Message, e);
        }

        foreach (var volume in launch.Volumes.Select(v => v.Volume).Distinct())
        {
            await EnsureVolumeAsync(volume, spec.App, cancellationToken);
        }

        // A container of this name is a leftover of an earlier run of the same instance (a crash, a restart): it goes first.
        var name = ContainerName(spec.InstanceId, installation);
        await ForceRemoveAsync(_client, name, logger);
        var environment = InstanceEnvironment(spec);
        CreateContainerResponse created;
        try
        {
            var network = await ContainerNetwork.EnsureAsync(_client, installation, cancellationToken);
            created = await _client.Containers.CreateContainerAsync(ContainerParameters.For(spec, launch, environment, installation, network), cancellationToken);
            if (!launch.Files.IsDefaultOrEmpty)
            {
                using var archive = ContainerFiles.Tar(launch.Files);
                await _client.Containers.ExtractArchiveToContainerAsync(created.ID, new ContainerPathStatParameters { Path = "/" }, archive, cancellationToken);
            }

            await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            await ForceRemoveAsync(_client, name, logger);
            throw new InstanceStartException($"the engine could not start a container from '{launch.Image}': {Reason(e)}", e);
        }

        ContainerDriverLog.Started(logger, spec.InstanceId, created.ID, launch.Image);
        return await AttachAsync(created.ID, spec, environment, log, launch.Limits.MemoryBytes is not null, DateTimeOffset.UnixEpoch, cancellationToken);
    }

    public async Task<IReadOnlyList<ExistingInstance>> FindExistingAsync(CancellationToken cancellationToken)
    {
        var containers = await _client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = ContainerLabels.Filter(ContainerLabels.Installation, installation) }, cancellationToken);
        // Platform servers share the installation's label; they are not app instances (nor leftovers of one).
        return [.. containers.Where(c => Label(c.Labels, ContainerLabels.Service) is null).Select(c => new ExistingInstance(
            Label(c.Labels, ContainerLabels.Instance) ?? c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID,
            Label(c.Labels, ContainerLabels.App) ?? "",
            Label(c.Labels, ContainerLabels.Workload) ?? "",
            int.TryParse(Label(c.Labels, ContainerLabels.Release), NumberStyles.None, CultureInfo.InvariantCulture, out var release) ? release : 0,
            c.ID,
            c.State == "running"))];
    }

    public async Task<IRunningInstance> AdoptAsync(ExistingInstance existing, InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken)
    {
        ContainerDriverLog.Adopted(logger, existing.EngineId, existing.InstanceId);
        return await AttachAsync(existing.EngineId, spec, InstanceEnvironment(spec), log, spec.Container?.Limits.MemoryBytes is not null, DateTimeOffset.UtcNow, cancellationToken);
    }

    public Task RemoveExistingAsync(ExistingInstance existing, CancellationToken cancellationToken) =>
        ForceRemoveAsync(_client, existing.EngineId, logger);

    /// <summary>Names of the app's volumes (those Gantry created for it).</summary>
    public async Task<IReadOnlyList<string>> ListAppVolumesAsync(string app, CancellationToken cancellationToken)
    {
        var volumes = await _client.Volumes.ListAsync(new VolumesListParameters { Filters = ContainerLabels.Filter(ContainerLabels.App, app) }, cancellationToken);
        return [.. (volumes.Volumes ?? [])
            .Where(v => Label(v.Labels, ContainerLabels.App) == app && Label(v.Labels, ContainerLabels.Installation) == installation)
            .Select(v => v.Name)];
    }

    /// <summary>Deletes the app's volumes and the data in them; only ever called when the user asked for it.</summary>
    public async Task<IReadOnlyList<string>> DeleteAppVolumesAsync(string app, CancellationToken cancellationToken)
    {
        var names = await ListAppVolumesAsync(app, cancellationToken);
        foreach (var name in names)
        {
            await _client.Volumes.RemoveAsync(name, force: true, cancellationToken);
        }

        return names;
    }

    /// <summary>Removes a container if it exists; a missing one is fine.</summary>
    internal static async Task ForceRemoveAsync(DockerClient client, string nameOrId, ILogger logger)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(nameOrId, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
        catch (DockerApiException e)
        {
            ContainerDriverLog.RemoveFailed(logger, nameOrId, Reason(e));
        }
    }

    private async Task<IRunningInstance> AttachAsync(
        string containerId, InstanceSpec spec, IReadOnlyDictionary<string, string> environment, InstanceLog log, bool memoryLimited,
        DateTimeOffset logsSince, CancellationToken cancellationToken)
    {
        var inspect = await _client.Containers.InspectContainerAsync(containerId, cancellationToken);
        var hostPorts = new Dictionary<int, int>();
        foreach (var (key, bindings) in inspect.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            if (int.TryParse(key.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var containerPort)
                && bindings?.FirstOrDefault() is { } binding
                && int.TryParse(binding.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var hostPort))
            {
                hostPorts[containerPort] = hostPort;
            }
        }

        var pid = inspect.State?.Pid is long p and > 0 ? (int)p : (int?)null;
        return new ContainerInstance(_client, containerId, spec, hostPorts, pid, environment, log, memoryLimited, logsSince, logger);
    }

    private async Task EnsureVolumeAsync(string name, string app, CancellationToken cancellationToken)
    {
        VolumeResponse existing;
        try
        {
            existing = await _client.Volumes.InspectAsync(name, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var labels = new Dictionary<string, string> { [ContainerLabels.App] = app, [ContainerLabels.Volume] = "true", [ContainerLabels.Installation] = installation };
            await _client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, cancellationToken);
            return;
        }

        // A volume made by hand is the user's to share; one made by another Gantry holds that Gantry's app's data.
        if (Label(existing.Labels, ContainerLabels.Installation) is { } owner && owner != installation)
        {
            throw new InstanceStartException(
                $"volume '{name}' belongs to another Gantry installation ({owner}) on this engine; rename the app or its volume resource so the two never share data");
        }
    }

    /// <summary>
    /// The workload's variables plus the port to listen on: <c>PORT</c>, and for ASP.NET Core apps (which ignore it)
    /// <c>ASPNETCORE_HTTP_PORTS</c>, unless the workload chose its own addresses.
    /// </summary>
    private static ImmutableDictionary<string, string> InstanceEnvironment(InstanceSpec spec)
    {
        if (spec.ContainerPorts.IsDefaultOrEmpty)
        {
            return spec.Environment;
        }

        var port = spec.ContainerPorts[0].ToString(CultureInfo.InvariantCulture);
        var environment = spec.Environment.SetItem("PORT", port);
        return environment.ContainsKey("ASPNETCORE_URLS") || environment.ContainsKey("ASPNETCORE_HTTP_PORTS")
            ? environment
            : environment.SetItem("ASPNETCORE_HTTP_PORTS", port);
    }

    private static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static string Reason(DockerApiException e) => e.ResponseBody is { Length: > 0 } body ? body.Trim() : e.Message;
}
