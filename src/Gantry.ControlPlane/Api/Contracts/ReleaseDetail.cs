using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A release with its resolved spec and the events of its rollout (the progress <c>gantry deploy --wait</c> prints).</summary>
public sealed record ReleaseDetail(ReleaseInfo Release, AppSpec Spec, IReadOnlyList<EventInfo> Events);
