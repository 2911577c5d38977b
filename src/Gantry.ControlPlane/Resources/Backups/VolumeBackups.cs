using System.Collections.Immutable;
using Docker.DotNet;
using Gantry.AppModel.Spec;
using Gantry.Provisioners.Steps;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Backups of an app's volumes on the container runtime: a tar archive of the volume's folder, read where the engine
/// keeps it on this machine (as <c>services list</c> reads its size), with numeric owners, modes and links, which
/// the engine's own archive API loses on Podman. A restore unpacks the whole archive beside the folder first (a
/// damaged one changes nothing), then replaces the folder's contents with it. Apps keep running meanwhile: a file
/// written during a backup may or may not be in it.
/// </summary>
public sealed class VolumeBackups(ServicePlacement placement, BackupFiles files)
{
    public const string Type = "volume";
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(1);

    // GNU tar exits 1 when a file changed while it was read (the app kept writing): the archive has it as it was then.
    private const string CreateScript = """
        set -uo pipefail
        tar --numeric-owner -cpf - -C "$1" .
        status=$?
        [ "$status" -le 1 ] || exit "$status"
        """;

    private const string RestoreScript = """
        set -euo pipefail
        staging=$(mktemp -d "$(dirname "$1")/.gantry-restore.XXXXXX")
        trap 'rm -rf "$staging"' EXIT
        tar --numeric-owner -xpf - -C "$staging"
        find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        find "$staging" -mindepth 1 -maxdepth 1 -exec mv -t "$1" {} +
        chown --reference="$staging" "$1"
        chmod --reference="$staging" "$1"
        """;

    private const string CountScript = """
        set -euo pipefail
        find "$1" -mindepth 1 \( -type f -printf 'f %s\n' -o -type d -printf 'd 0\n' -o -printf 'o 0\n' \) |
          awk '{ n[$1]++; if ($1 == "f") bytes += $2 } END { print "files", n["f"] + 0; print "bytes", bytes + 0; print "folders", n["d"] + 0; print "links", n["o"] + 0 }'
        """;

    /// <summary>The volumes the app's release mounts, with the workloads' names for them (<c>web:uploads</c>).</summary>
    public static IReadOnlyList<(string Volume, IReadOnlyList<string> Names)> Of(AppSpec spec) =>
    [
        .. spec.Workloads
            .SelectMany(w => w.Containers.SelectMany(c => c.Volumes).Where(v => !v.Existing).Select(v => (v.Source, Name: $"{w.Name}:{NameOf(spec.Name, v.Source)}")))
            .GroupBy(v => v.Source, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(v => v.Name).Distinct(StringComparer.Ordinal)])),
    ];

    /// <summary>The volume as a backup subject; null when the engine has no such volume yet (the app never ran with it).</summary>
    public async Task<BackupSubject?> SubjectAsync(string app, string volume, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (placement.Engine is not { } engine)
        {
            throw new ResourceException($"volume '{volume}' cannot be backed up: volumes live on the container runtime, and this Gantry runs processes", StatusCodes.Status409Conflict);
        }

        string? folder;
        try
        {
            folder = (await engine.Volumes.InspectAsync(volume, cancellationToken)).Mountpoint;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            throw new ResourceException($"volume '{volume}' could not be looked up on the engine: {e.Message}", StatusCodes.Status502BadGateway);
        }

        if (folder is not { Length: > 0 } || !Directory.Exists(folder))
        {
            throw new ResourceException($"volume '{volume}' is kept where this machine cannot read it ({folder}): volume backups need a local engine", StatusCodes.Status409Conflict);
        }

        return For(app, volume, names, folder);
    }

    /// <summary>A folder of its own under the backups folder, standing in for a volume while a backup is verified.</summary>
    public (BackupSubject Subject, string Folder) Scratch(BackupSubject volume, long backupId)
    {
        var root = files.PathOf($".verify-{backupId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}");
        var folder = Path.Combine(root, "_data");
        Directory.CreateDirectory(folder);
        return (For(volume.App, volume.Key, volume.Names, folder), root);
    }

    private static BackupSubject For(string app, string volume, IReadOnlyList<string> names, string folder) =>
        new(app, volume, Type, names, "tar", Step(CreateScript, "backup", folder), Step(RestoreScript, "restore", folder), Step(CountScript, "count", folder));

    private static CommandPlan Step(string script, string name, string folder) =>
        new(["bash", "-c", script, name, folder], ImmutableDictionary<string, string>.Empty, null, null, Timeout, []) { Package = "tar" };

    private static string NameOf(string app, string volume) =>
        volume.StartsWith($"gantry-{app}-", StringComparison.Ordinal) ? volume[$"gantry-{app}-".Length..] : volume;
}
