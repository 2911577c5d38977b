namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A registered target: a cluster (kubeconfig and context) or a GitOps repository.</summary>
public sealed record TargetInfo(string Name, string Kind, string? Kubeconfig, string? Context, string? Repository, string? Branch, string Gateway, string Registry, string? Domain)
{
    /// <summary>Operators the cluster runs, whose resources replace Gantry's StatefulSets.</summary>
    public IReadOnlyList<string> Operators { get; init; } = [];
}

/// <summary>Body of <c>PUT /targets/NAME</c>: <c>kind</c> is <c>kubernetes</c> or <c>gitops</c>.</summary>
public sealed record TargetRequest(string? Kind, string? Kubeconfig, string? Context, string? Repository, string? Branch, string? Gateway, string? Registry, string? Domain = null)
{
    /// <summary>Operators the cluster runs: cloudnative-pg, rabbitmq.</summary>
    public IReadOnlyList<string>? Operators { get; init; }
}

/// <summary>An environment and the target it deploys to (<c>local</c>: this machine).</summary>
public sealed record EnvironmentInfo(string Name, string Target, string? TargetKind);

/// <summary>Body of <c>PUT /environments/NAME</c>.</summary>
public sealed record EnvironmentRequest(string? Target);

/// <summary>Body of <c>POST /apps/APP/promote</c>.</summary>
public sealed record PromoteRequest(string? From, string? To);

/// <summary>A promotion under way: the release it created in the environment, and where to follow it.</summary>
public sealed record PromotionAccepted(string App, string Environment, int Release, string Location);

/// <summary>A release of an app in an environment on a target.</summary>
public sealed record EnvironmentReleaseInfo(
    string App,
    string Environment,
    int Number,
    string Origin,
    string Status,
    string? Message,
    string? Commit,
    string Actor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
