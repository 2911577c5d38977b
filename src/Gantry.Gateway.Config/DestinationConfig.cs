namespace Gantry.Gateway.Config;

/// <summary>One ready instance: its stable id (the instance id and port) and base address, for example <c>http://127.0.0.1:41234</c>.</summary>
public sealed record DestinationConfig(string Id, string Address);
