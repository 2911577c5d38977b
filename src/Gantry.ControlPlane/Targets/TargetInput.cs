using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Targets;

/// <summary>What registering a target takes; unset fields keep their defaults.</summary>
public sealed record TargetInput(
    TargetKind Kind,
    string? Kubeconfig = null,
    string? Context = null,
    string? Repository = null,
    string? Branch = null,
    string? Gateway = null,
    string? Registry = null,
    string? Domain = null,
    IReadOnlyList<string>? Operators = null);
