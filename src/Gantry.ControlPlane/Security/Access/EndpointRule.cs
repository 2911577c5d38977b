namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// What calling one endpoint takes: the least role, and whether a token for one app may call it (for that app only:
/// its <c>{app}</c> route value, or for <c>POST /deploy</c> the app the files name).
/// </summary>
/// <param name="AnyCaller">The caller's own (who they are, their password, signing out): reached with any valid token,
/// even a user's whose roles were all taken away.</param>
public sealed record EndpointRule(string Method, string Pattern, Role Least, bool ForApp, bool AnyCaller = false);
