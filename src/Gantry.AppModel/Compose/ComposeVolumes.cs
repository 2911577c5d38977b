using Gantry.AppModel.Loading;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>
/// <c>volumes</c> → volume resources (named and anonymous volumes, and bind-mounted folders, which become volumes
/// of their own) and Score files (bind-mounted files of the app's folder). Paths of this machine outside the app are refused.
/// </summary>
internal static class ComposeVolumes
{
    private static readonly string[] TimeFiles = ["/etc/localtime", "/etc/timezone"];

    public static void Map(YamlValue value, string field, ServiceDraft draft, ComposeContext context)
    {
        if (value is not YamlList list)
        {
            context.Refuse(value, field, $"expected a list of volumes, got {value.Describe()}");
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (Read(list.Items[i], itemField, context) is { } mount)
            {
                Mount(mount, list.Items[i], itemField, draft, context);
            }
        }
    }

    private static void Mount(VolumeMount mount, YamlValue at, string field, ServiceDraft draft, ComposeContext context)
    {
        switch (mount.Type)
        {
            case "tmpfs":
                context.Approximate(at, field, "no tmpfs is mounted: the files are kept in the instance's own file system");
                return;
            case "volume" when mount.Source.Length == 0:
                AddVolume(draft, $"anon-{ComposeValues.Label(mount.Target)}", mount);
                context.Approximate(at, field, $"an anonymous volume: Gantry keeps it across releases, as a volume of the app");
                return;
            case "volume":
                MountNamed(mount, at, field, draft, context);
                return;
            case "bind":
                MountBind(mount, at, field, draft, context);
                return;
            default:
                context.Refuse(at, field, $"a volume of type '{mount.Type}' is not supported by Gantry (volume, bind and tmpfs are)");
                return;
        }
    }

    private static void MountNamed(VolumeMount mount, YamlValue at, string field, ServiceDraft draft, ComposeContext context)
    {
        if (context.Volumes?.Find(mount.Source) is not { } declared)
        {
            context.Refuse(at, field, $"volume '{mount.Source}' is not declared in the top-level 'volumes'");
            return;
        }

        if (declared.Value is YamlMap settings && ComposeValues.Text(settings.Get("external")) == "true")
        {
            context.Approximate(at, field, $"volume '{mount.Source}' is external in Compose: Gantry makes a volume of the app's own, which starts empty");
        }
        else if (declared.Value is YamlMap options && options.Entries.FirstOrDefault(e => e.Key.Value is "driver" or "driver_opts" or "name") is { } option)
        {
            context.Approximate(option.Key, $"volumes.{mount.Source}.{option.Key.Value}", "Gantry makes the volume with the engine's default driver and its own name: driver, driver_opts and name are not used (a driver_opts bind starts empty)");
        }

        AddVolume(draft, ComposeValues.Label(mount.Source), mount);
    }

    private static void MountBind(VolumeMount mount, YamlValue at, string field, ServiceDraft draft, ComposeContext context)
    {
        var source = mount.Source;
        if (source.Length == 0)
        {
            context.Refuse(at, field, "the bind mount's source is empty (is a variable in it not set?)");
        }
        else if (TimeFiles.Contains(source))
        {
            context.LeaveOut(at, field, $"{source} of this machine is not mounted: instances keep UTC (set TZ to change it)");
        }
        else if (source.Contains("docker.sock", StringComparison.Ordinal) || source.Contains("podman.sock", StringComparison.Ordinal))
        {
            context.Refuse(at, field, "Gantry never gives the container engine's socket to an app");
        }
        else if (source[0] is '/' or '~')
        {
            context.Refuse(at, field, $"'{source}' is a folder of this machine outside the app; instances cannot mount it: use a named volume, or a path inside the app's folder");
        }
        else if (context.AppPathOf(source, at, field) is { } path && AppPath.TryNormalize(source, out var relative, out _))
        {
            if (context.Files.FileExists(path))
            {
                draft.Files[mount.Target] = new OrderedDictionary<string, object?> { ["source"] = relative, ["noExpand"] = true };
                if (!mount.ReadOnly)
                {
                    context.Approximate(at, field, $"'{source}' is copied into the instance: changes the app makes to it are not written back");
                }

                return;
            }

            var existing = context.Files.DirectoryExists(path);
            AddVolume(draft, $"bind-{ComposeValues.Label(relative)}", mount);
            context.Approximate(at, field, existing
                ? $"the folder '{source}' becomes a volume of the app, which starts empty: the folder's files on this machine are not copied in"
                : $"the folder '{source}' (not in the app's files) becomes a volume of the app, which starts empty");
        }
    }

    private static void AddVolume(ServiceDraft draft, string resource, VolumeMount mount)
    {
        draft.Resources[resource] = new OrderedDictionary<string, object?> { ["type"] = "volume" };
        var entry = new OrderedDictionary<string, object?> { ["source"] = $"${{resources.{resource}}}" };
        if (mount.SubPath is { Length: > 0 } subPath)
        {
            entry["path"] = subPath;
        }

        if (mount.ReadOnly)
        {
            entry["readOnly"] = true;
        }

        draft.Volumes[mount.Target] = entry;
    }

    private static VolumeMount? Read(YamlValue item, string field, ComposeContext context)
    {
        if (item is YamlMap map)
        {
            var type = ComposeValues.Text(map.Get("type")) ?? "volume";
            if (ComposeValues.Text(map.Get("target")) is not { Length: > 0 } target)
            {
                context.Refuse(map, $"{field}.target", "a volume needs 'target', the path in the container");
                return null;
            }

            var subPath = map.Get("volume") is YamlMap volume ? ComposeValues.Text(volume.Get("subpath")) : null;
            return new VolumeMount(type, ComposeValues.Text(map.Get("source")) ?? "", target, ComposeValues.Text(map.Get("read_only")) == "true", subPath);
        }

        if (item is not YamlScalar { IsNull: false } scalar)
        {
            context.Refuse(item, field, $"expected a volume such as \"data:/var/lib/data\", got {item.Describe()}");
            return null;
        }

        var parts = scalar.Value.Split(':');
        if (parts.Length == 1)
        {
            return new VolumeMount("volume", "", parts[0], false, null);
        }

        if (parts.Length > 3 || parts[1].Length == 0)
        {
            context.Refuse(scalar, field, $"'{scalar.Value}' is not SOURCE:TARGET[:MODE]");
            return null;
        }

        var source = parts[0];
        var readOnly = parts.Length == 3 && parts[2].Split(',').Contains("ro");
        var isPath = source.Length == 0 || source[0] is '.' or '/' or '~';
        return new VolumeMount(isPath ? "bind" : "volume", source, parts[1], readOnly, null);
    }

    private sealed record VolumeMount(string Type, string Source, string Target, bool ReadOnly, string? SubPath);
}
