namespace Gantry.ControlPlane.Resources;

/// <summary>
/// Where a resource's server is reached, by whom: the app's instances read <see cref="AppHost"/>:<see cref="AppPort"/>
/// from the outputs; the steps Gantry runs (provision, backup, ready) see <see cref="StepHost"/>:<see cref="StepPort"/>
/// and the server's folders. On the process runtime both are 127.0.0.1 and the kept port; on the container runtime apps
/// use the server's name on the installation's network and steps run inside its <see cref="Container"/>.
/// </summary>
public sealed record ServiceSite(string AppHost, int AppPort, string StepHost, int StepPort, string Data, string Run, string? Container);
