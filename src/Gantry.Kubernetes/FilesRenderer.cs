using System.Text;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>
/// A container's Score <c>files</c> as one ConfigMap (text in <c>data</c>, binary in <c>binaryData</c>), mounted file by
/// file with <c>subPath</c> so the rest of each target folder stays as the image has it.
/// </summary>
internal static class FilesRenderer
{
    public static string ConfigMapName(WorkloadSpec workload, ContainerSpec container) => $"{workload.Name}-{container.Name}-files";

    public static string VolumeName(ContainerSpec container) => Label($"files-{container.Name}");

    public static V1ConfigMap? ConfigMap(WorkloadSpec workload, ContainerSpec container, V1ObjectMeta meta, IAppFiles? files)
    {
        if (container.Files.IsEmpty)
        {
            return null;
        }

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var binary = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (file, key) in Keyed(container))
        {
            if (file.BinaryContent is { } base64)
            {
                binary[key] = Convert.FromBase64String(base64);
            }
            else if (file.Source is { } source)
            {
                data[key] = files?.ReadText(source)
                    ?? throw new InvalidOperationException($"the file '{source}' for {workload.Name}/{container.Name} at {file.Target} cannot be read");
            }
            else
            {
                data[key] = file.Content ?? "";
            }
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = meta,
            Data = data.Count == 0 ? null : data,
            BinaryData = binary.Count == 0 ? null : binary,
        };
    }

    public static V1Volume Volume(WorkloadSpec workload, ContainerSpec container) => new()
    {
        Name = VolumeName(container),
        ConfigMap = new V1ConfigMapVolumeSource
        {
            Name = ConfigMapName(workload, container),
            Items = [.. Keyed(container).Select(k => new V1KeyToPath { Key = k.Key, Path = k.Key, Mode = Mode(k.File.Mode) })],
        },
    };

    public static IEnumerable<V1VolumeMount> Mounts(ContainerSpec container) =>
        Keyed(container).Select(k => new V1VolumeMount { Name = VolumeName(container), MountPath = k.File.Target, SubPath = k.Key, ReadOnlyProperty = true });

    /// <summary>Each file with a ConfigMap key made from its target path (keys allow letters, digits, '-', '_' and '.').</summary>
    private static IEnumerable<(FileSpec File, string Key)> Keyed(ContainerSpec container)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in container.Files.OrderBy(f => f.Target, StringComparer.Ordinal))
        {
            var key = new StringBuilder();
            foreach (var c in file.Target.Trim('/'))
            {
                key.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
            }

            var candidate = key.Length == 0 ? "file" : key.ToString();
            for (var i = 2; !used.Add(candidate); i++)
            {
                candidate = $"{key}-{i}";
            }

            yield return (file, candidate);
        }
    }

    /// <summary>Score writes modes as octal text ("0600"); Kubernetes wants the number.</summary>
    private static int? Mode(string? mode) => mode is null ? null : Convert.ToInt32(mode, 8);

    private static string Label(string name) => name.Length <= 63 ? name : name[..63].TrimEnd('-');
}
