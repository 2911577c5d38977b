namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// What calling one endpoint takes: the least role, and whether a token for one app may call it (for that app only:
/// its <c>{app}</c> route value, or for <c>POST /deploy</c> the app the files name).
/// </summary>
public sealed record EndpointRule(string Method, string Pattern, Role Least, bool ForApp);
