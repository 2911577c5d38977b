using System.Text.Json.Nodes;

namespace Gantry.Testing;

/// <summary>
/// How the fake plays a Deployment's status on each read after a new generation: first not yet observed, then
/// pods coming up one by one, then done — or, for a pod template with the stuck image (pods that never get ready),
/// the controller's ProgressDeadlineExceeded condition.
/// </summary>
public sealed record RolloutScript(string? StuckImage)
{
    public static RolloutScript Healthy { get; } = new((string?)null);

    public static RolloutScript NeverReadyWith(string image) => new(image);

    public JsonObject StatusAfter(int reads, JsonObject deployment)
    {
        var generation = deployment["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        var wanted = deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        if (reads == 1)
        {
            return new JsonObject { ["observedGeneration"] = generation - 1, ["replicas"] = wanted, ["updatedReplicas"] = 0, ["availableReplicas"] = wanted };
        }

        var image = deployment["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();
        if (StuckImage is not null && image == StuckImage)
        {
            return new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = wanted + 1,
                ["updatedReplicas"] = 1,
                ["availableReplicas"] = wanted,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Progressing",
                    ["status"] = "False",
                    ["reason"] = "ProgressDeadlineExceeded",
                    ["message"] = $"ReplicaSet \"{deployment["metadata"]!["name"]}-7f9c\" has timed out progressing.",
                }),
            };
        }

        var updated = Math.Min(wanted, reads - 1);
        return new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = updated == wanted ? wanted : wanted + 1,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = updated == wanted ? wanted : wanted - 1 + updated,
        };
    }
}
