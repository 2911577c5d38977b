namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A release was created; poll <c>Location</c> to follow its rollout.</summary>
public sealed record DeployAccepted(string App, int Release, string Location);
