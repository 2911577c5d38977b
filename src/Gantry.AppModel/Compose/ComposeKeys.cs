namespace Gantry.AppModel.Compose;

/// <summary>
/// The Compose specification's keys (compose-spec.json) and what Gantry does with each one it does not map: every key
/// is mapped, left out with a reason, or refused with a reason, so nothing in a file is silently dropped.
/// </summary>
internal static class ComposeKeys
{
    public static readonly string[] TopLevel = ["version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"];

    public static readonly string[] Mapped =
    [
        "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "healthcheck",
        "deploy", "scale", "cpus", "mem_limit", "mem_reservation", "restart", "depends_on", "secrets", "configs", "profiles",
        "links", "tmpfs",
    ];

    /// <summary>Keys whose service can run without them on Gantry, with why they are not carried over.</summary>
    public static readonly Dictionary<string, string> LeftOut = new(StringComparer.Ordinal)
    {
        ["container_name"] = "Gantry names instances itself",
        ["hostname"] = "other workloads reach this one through the address its service port is given",
        ["domainname"] = "other workloads reach this one through the address its service port is given",
        ["networks"] = "workloads reach each other through service ports; Compose networks are not made",
        ["labels"] = "engine labels are Gantry's own",
        ["label_file"] = "engine labels are Gantry's own",
        ["annotations"] = "engine annotations are not set",
        ["logging"] = "Gantry keeps instance logs itself (gantry logs)",
        ["ulimits"] = "the engine's default limits apply",
        ["security_opt"] = "the engine's default security options apply",
        ["cap_add"] = "instances run with the engine's default capabilities",
        ["cap_drop"] = "instances run with the engine's default capabilities",
        ["privileged"] = "instances never run privileged",
        ["pids_limit"] = "the engine's default limit applies",
        ["stop_grace_period"] = "Gantry drains and stops instances with its own grace period",
        ["stop_signal"] = "instances are stopped with SIGTERM",
        ["init"] = "no init process is added",
        ["tty"] = "instances have no terminal",
        ["stdin_open"] = "instances have no standard input",
        ["user"] = "the image's user is used",
        ["working_dir"] = "the image's working folder is used",
        ["extra_hosts"] = "host names are not added to the instance",
        ["dns"] = "the engine's name server is used",
        ["dns_opt"] = "the engine's name server is used",
        ["dns_search"] = "the engine's name server is used",
        ["sysctls"] = "kernel settings are not changed",
        ["shm_size"] = "the engine's default shared memory size applies",
        ["platform"] = "the image for this machine's platform is used",
        ["pull_policy"] = "images are pulled when missing",
        ["pull_refresh_after"] = "images are pulled when missing",
        ["network_mode"] = "instances join Gantry's network; other workloads reach them through service ports",
        ["devices"] = "host devices are not passed to instances",
        ["device_cgroup_rules"] = "host devices are not passed to instances",
        ["gpus"] = "GPUs are not passed to instances",
        ["read_only"] = "the instance's file system stays writable",
        ["ipc"] = "the engine's default IPC namespace applies",
        ["pid"] = "the engine's default PID namespace applies",
        ["uts"] = "the engine's default UTS namespace applies",
        ["userns_mode"] = "the engine's default user namespace applies",
        ["runtime"] = "the engine's default runtime is used",
        ["isolation"] = "the engine's default isolation is used",
        ["cgroup"] = "the engine's default cgroup settings apply",
        ["cgroup_parent"] = "the engine's default cgroup settings apply",
        ["group_add"] = "the image's groups are used",
        ["oom_kill_disable"] = "the engine's out-of-memory handling applies",
        ["oom_score_adj"] = "the engine's out-of-memory handling applies",
        ["mem_swappiness"] = "swap settings are not changed",
        ["memswap_limit"] = "swap settings are not changed",
        ["cpu_shares"] = "cpus and deploy.resources are mapped; CPU shares are not",
        ["cpu_count"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpu_percent"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpu_period"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpu_quota"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpu_rt_period"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpu_rt_runtime"] = "cpus and deploy.resources are mapped; this CPU setting is not",
        ["cpuset"] = "instances are not pinned to CPUs",
        ["blkio_config"] = "disk I/O limits are not set",
        ["storage_opt"] = "storage options are not set",
        ["mac_address"] = "the engine gives the address",
        ["credential_spec"] = "Windows credential specs do not apply",
        ["external_links"] = "containers outside the app are reached through service-port resources",
        ["attach"] = "logs are kept by Gantry (gantry logs)",
        ["develop"] = "Compose Watch is a development tool; use gantry deploy",
        ["post_start"] = "lifecycle hooks are not run",
        ["pre_stop"] = "lifecycle hooks are not run",
        ["models"] = "AI models are not provided",
        ["provider"] = "Compose providers are not run",
        ["use_api_socket"] = "the engine's socket is never given to apps",
    };

    /// <summary>Keys Gantry cannot honour without changing what the service is.</summary>
    public static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["extends"] = "not supported by Gantry's import yet: copy the extended service's keys in, or use an x- anchor with '<<:'",
        ["volumes_from"] = "not supported by Gantry: mount the same named volumes in both services",
    };

    public static readonly Dictionary<string, string> TopLevelLeftOut = new(StringComparer.Ordinal)
    {
        ["version"] = "obsolete in the Compose specification, ignored",
        ["networks"] = "workloads reach each other through service ports; Compose networks are not made",
        ["models"] = "AI models are not provided",
    };
}
