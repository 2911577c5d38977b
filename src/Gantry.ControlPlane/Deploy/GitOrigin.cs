using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Deploy;

/// <summary>
/// A deploy from an app's connected repository: the files must describe that app, the release records the commit,
/// and a pull request's preview becomes an app of its own (<c>APP-pr-N</c>) served at <c>pr-N.HOST</c> for each of the
/// app's hosts, with its own instances, volumes and resources.
/// </summary>
public sealed record GitOrigin(string App, string CommitSha, string CommitMessage)
{
    /// <summary>The pull request whose head this is, for a preview; null for the connected branch or a ref.</summary>
    public int? PullRequest { get; init; }

    public static string PreviewApp(string app, int pullRequest) => $"{app}-pr-{pullRequest}";

    /// <summary>
    /// The settings a preview's environment resources read: its own (<c>gantry config set APP-pr-N</c>) over the
    /// platform's, never the app's, since a pull request (from a fork too) must not reach the app's secrets.
    /// </summary>
    public EnvironmentSettings SettingsFor(EnvironmentSettings settings) => PullRequest is int number
        ? new EnvironmentSettings(app => settings.ValuesOf(PreviewApp(app, number)), app => settings.WhereToSet(PreviewApp(app, number)))
        : settings;

    /// <summary>The spec as this origin deploys it, or why the files cannot be deployed as the connected app.</summary>
    public (AppSpec? Spec, string? Problem) Shape(AppSpec spec)
    {
        if (spec.Name != App)
        {
            return (null, $"the repository's {spec.EntryFile} describes app '{spec.Name}', but it is connected to app '{App}': rename the app in the file or connect the repository to '{spec.Name}'");
        }

        if (PullRequest is not int number)
        {
            return (spec, null);
        }

        var prefix = $"pr-{number}.";
        return (spec with
        {
            Name = PreviewApp(App, number),
            Workloads = [.. spec.Workloads.Select(w => w with { Routes = [.. w.Routes.Select(r => r with { Host = prefix + r.Host })] })],
        }, null);
    }
}
