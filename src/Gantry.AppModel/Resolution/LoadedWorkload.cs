using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Resolution;

/// <summary>A validated Score workload with the settings <c>gantry.yaml</c> gives it (defaults for a lone Score file).</summary>
internal sealed record LoadedWorkload(ScoreWorkload Score, int? Replicas, RolloutSpec Rollout);
