using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>A workload's <c>autoscaling</c> as an <c>autoscaling/v2</c> HorizontalPodAutoscaler on its Deployment.</summary>
internal static class AutoscalerRenderer
{
    public static V2HorizontalPodAutoscaler Render(V1ObjectMeta meta, AutoscalingSpec autoscaling)
    {
        var metrics = new List<V2MetricSpec>();
        if (autoscaling.CpuPercent is { } cpu)
        {
            metrics.Add(Utilization("cpu", cpu));
        }

        if (autoscaling.MemoryPercent is { } memory)
        {
            metrics.Add(Utilization("memory", memory));
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = meta,
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = meta.Name },
                MinReplicas = autoscaling.MinReplicas,
                MaxReplicas = autoscaling.MaxReplicas,
                Metrics = metrics,
            },
        };
    }

    private static V2MetricSpec Utilization(string resource, int percent) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = resource, Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };
}
