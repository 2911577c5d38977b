using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>One gateway as the control plane knows it.</summary>
/// <param name="Connected">True while it follows the configuration stream.</param>
/// <param name="LastReport">Null until it sent one.</param>
public sealed record GatewayState(string Name, bool Connected, string? Address, DateTimeOffset LastContact, GatewayReport? LastReport);
