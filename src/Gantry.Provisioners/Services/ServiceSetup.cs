using Gantry.Provisioners.Steps;
using Gantry.Provisioners.Unix;

namespace Gantry.Provisioners.Services;

/// <summary>
/// The folders of a server and the one-time initialization of its data. Two markers beside the data folder (not in it:
/// initdb wants it empty) record an init that began and one that succeeded; a data folder that is not empty with
/// neither is someone else's and is left alone.
/// </summary>
internal sealed class ServiceSetup(ServicePlan plan, StepRunner steps, UnixUser? user)
{
    private string DataPath => Path.TrimEndingDirectorySeparator(plan.DataDirectory);

    /// <summary>Written once the init steps all succeeded.</summary>
    public string DoneMarker => DataPath + ".initialized";

    /// <summary>Written before the init steps run: with it and no <see cref="DoneMarker"/>, the data folder is a half-done init.</summary>
    public string StartedMarker => DataPath + ".init-started";

    /// <summary>The service's folder, run folder and the log's folder; the first two the user's when Gantry runs as root.</summary>
    public void PrepareFolders()
    {
        OwnedFolders.Ensure(plan.Home, user);
        OwnedFolders.Ensure(plan.RunDirectory, user);
        if (Path.GetDirectoryName(Path.GetFullPath(plan.LogFile)) is { } logs && !Directory.Exists(logs))
        {
            OwnedFolders.Ensure(logs, owner: null);
        }
    }

    /// <summary>Runs the init steps unless the data folder was initialized; true when they ran.</summary>
    public async Task<bool> EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(DoneMarker))
        {
            OwnedFolders.Ensure(plan.DataDirectory, user);
            return false;
        }

        if (!OwnedFolders.IsEmpty(plan.DataDirectory))
        {
            if (!File.Exists(StartedMarker))
            {
                throw new ServiceStartException(
                    $"{plan.Name}: its data folder {plan.DataDirectory} is not empty, but Gantry never initialized it; Gantry deletes no data it did not make. " +
                    $"Move its contents away to start afresh, or, if it holds this server's data, create {DoneMarker} to use it.");
            }

            // A half-done init of ours: redo it from an empty folder. Deleted as the server's user, who made these files.
            await steps.RunAsync(CommandPlan.Of("find", "-P", plan.DataDirectory, "-mindepth", "1", "-delete") with { User = plan.User }, cancellationToken);
        }

        OwnedFolders.WriteFile(StartedMarker, DateTimeOffset.UtcNow.ToString("O") + "\n");
        OwnedFolders.Ensure(plan.DataDirectory, user);
        var init = plan.Init.IsDefault ? [] : plan.Init;
        for (var i = 0; i < init.Length; i++)
        {
            try
            {
                await steps.RunAsync(init[i], cancellationToken);
            }
            catch (StepFailedException e)
            {
                throw new ServiceStartException(
                    $"{plan.Name}: initializing its data failed at step {i + 1} of {init.Length}: {e.Message}\n(the next start redoes the init from an empty data folder)", e);
            }
        }

        OwnedFolders.WriteFile(DoneMarker, DateTimeOffset.UtcNow.ToString("O") + "\n");
        File.Delete(StartedMarker);
        return true;
    }
}
