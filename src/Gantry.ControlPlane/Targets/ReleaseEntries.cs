using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Targets;

/// <summary>The file a release's app can be loaded again from: its recorded entry, else gantry.yaml when there, else its Score files (releases made before entries were recorded).</summary>
internal static class ReleaseEntries
{
    public const string GantryFile = "gantry.yaml";

    public static IReadOnlyList<string> Of(AppSpec spec, string sourceDirectory) =>
        spec.EntryFile.Length > 0 && File.Exists(Path.Combine(sourceDirectory, spec.EntryFile)) ? [spec.EntryFile]
        : File.Exists(Path.Combine(sourceDirectory, GantryFile)) ? [GantryFile]
        : [.. spec.Workloads.Select(w => w.SourceFile).Distinct()];
}
