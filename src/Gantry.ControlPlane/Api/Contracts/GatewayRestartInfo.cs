namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A restart of <c>gantry up</c>'s gateway process: the process before, the one serving now, and its ports.</summary>
public sealed record GatewayRestartInfo(string Name, int PreviousPid, int Pid, int Http, int? Https);
