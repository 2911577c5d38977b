namespace Gantry.Gateway.Host;

/// <summary>The control plane answered, but not with what was asked (a refused token, a bad name), or the token file cannot be read.</summary>
internal sealed class ControlPlaneRefusedException(string message) : Exception(message);
