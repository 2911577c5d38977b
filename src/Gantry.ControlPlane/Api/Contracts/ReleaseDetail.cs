using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A release with its resolved spec and the events of its rollout (the progress <c>gantry deploy --wait</c> prints).</summary>
/// <param name="Activity">What its preparation is doing now (an image pull, with how far it got); null when nothing is under way.</param>
public sealed record ReleaseDetail(ReleaseInfo Release, AppSpec Spec, IReadOnlyList<EventInfo> Events, ActivityInfo? Activity = null);
