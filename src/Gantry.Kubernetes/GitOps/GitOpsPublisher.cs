using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gantry.Kubernetes.GitOps;

/// <summary>
/// Commits a release's manifests to a configuration repository with the git CLI: <c>apps/APP/ENV/</c> holds exactly
/// the rendered files, <c>argocd/APP-ENV.yaml</c> the Argo CD Application; one commit per release naming app,
/// release and images, then a push. An unchanged release commits nothing.
/// </summary>
public sealed partial class GitOpsPublisher(GitOpsTarget target, string workFolder)
{
    public async Task<GitOpsResult> PublishAsync(GitOpsRelease release, CancellationToken ct)
    {
        var clone = Path.Combine(workFolder, "repository");
        if (!Directory.Exists(Path.Combine(clone, ".git")))
        {
            Directory.CreateDirectory(workFolder);
            await GitAsync(workFolder, ct, "clone", "--quiet", "--no-checkout", target.RepositoryUrl, clone);
        }

        // Start from the branch as the repository has it now; an empty repository (or a new branch) starts empty.
        if ((await GitAsync(clone, ct, "ls-remote", "--heads", "origin", target.Branch)).Trim().Length == 0)
        {
            await GitAsync(clone, ct, "checkout", "--quiet", "--orphan", $"gantry-{Guid.NewGuid():N}");
            await GitAsync(clone, ct, "rm", "-r", "-f", "--quiet", "--cached", "--ignore-unmatch", ".");
            await GitAsync(clone, ct, "clean", "-f", "-d", "-x", "--quiet");
        }
        else
        {
            await GitAsync(clone, ct, "fetch", "--quiet", "origin", $"+refs/heads/{target.Branch}:refs/remotes/origin/{target.Branch}");
            await GitAsync(clone, ct, "checkout", "--quiet", "--force", "-B", target.Branch, $"origin/{target.Branch}");
            await GitAsync(clone, ct, "clean", "-f", "-d", "-x", "--quiet");
        }

        var path = $"{target.AppsFolder}/{release.App}/{release.Environment}";
        var folder = Path.Combine(clone, path);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var (file, yaml) in release.Manifests)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file), yaml, ct);
        }

        var argo = Path.Combine(clone, "argocd");
        Directory.CreateDirectory(argo);
        await File.WriteAllTextAsync(Path.Combine(argo, $"{release.App}-{release.Environment}.yaml"),
            ArgoApplication.Render(target, release.App, release.Environment, path), ct);

        await GitAsync(clone, ct, "add", "--all", ".");
        if ((await GitAsync(clone, ct, "status", "--porcelain")).Length == 0)
        {
            return new GitOpsResult(false, null, path);
        }

        var images = release.Images.Count == 0 ? "" : $" ({string.Join(", ", release.Images)})";
        await GitAsync(clone, ct, "-c", "user.name=Gantry", "-c", "user.email=gantry@localhost", "commit", "--quiet",
            "-m", $"{release.App} {release.Environment}: release {release.Release}{images}");
        await GitAsync(clone, ct, "push", "--quiet", "origin", $"HEAD:{target.Branch}");
        return new GitOpsResult(true, (await GitAsync(clone, ct, "rev-parse", "HEAD")).Trim(), path);
    }

    private static async Task<string> GitAsync(string directory, CancellationToken ct, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new GitOpsException($"git {args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='))} failed: {Credentials().Replace((await stderr).Trim(), "://***@")}");
        }

        return await stdout;
    }

    // A repository URL may carry a token; error messages must not.
    [GeneratedRegex("://[^/@\\s]+@")]
    private static partial Regex Credentials();
}
