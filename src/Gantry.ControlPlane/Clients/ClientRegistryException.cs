namespace Gantry.ControlPlane.Clients;

/// <summary>A key or block request that conflicts with what is stored; the message says what.</summary>
public sealed class ClientRegistryException(string message) : Exception(message);
