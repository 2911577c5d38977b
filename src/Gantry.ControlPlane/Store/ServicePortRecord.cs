namespace Gantry.ControlPlane.Store;

/// <summary>
/// The port on 127.0.0.1 where a workload's service port answers other workloads on the process runtime, chosen when
/// a service-port resource first calls it and kept: the callers' releases carry it.
/// </summary>
public sealed class ServicePortRecord
{
    public required string App { get; set; }

    public required string Workload { get; set; }

    /// <summary>The service port's name in the workload's Score file.</summary>
    public required string Name { get; set; }

    public int Port { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
