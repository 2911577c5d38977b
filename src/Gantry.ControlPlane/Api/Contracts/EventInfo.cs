namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>Something that happened to an app.</summary>
public sealed record EventInfo(long Id, DateTimeOffset Time, string App, int? Release, string Kind, string Message, string Actor);
