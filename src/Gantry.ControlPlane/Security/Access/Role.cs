namespace Gantry.ControlPlane.Security.Access;

/// <summary>What a token may do, each role everything the one before it may (docs/access.md).</summary>
public enum Role
{
    /// <summary>Reads: apps, releases, logs, events, jobs, resources without their secrets.</summary>
    Viewer = 1,

    /// <summary>And ships: deploys, rollbacks, scaling, running jobs, promotions, backups.</summary>
    Deployer = 2,

    /// <summary>And configures: settings, domains, keys, blocks, destinations, targets, deletes, secret reveals.</summary>
    Admin = 3,

    /// <summary>And gives access: creates and revokes tokens. The admin token is an owner's.</summary>
    Owner = 4,
}

public static class Roles
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<Role>().Select(Name)];

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static Role? Parse(string? text) =>
        Enum.TryParse<Role>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _) ? role : null;
}
