using Gantry.ControlPlane.Deploy;

namespace Gantry.ControlPlane.Console.Forms;

/// <summary>Deploys what the console's form produced, through the same service (and checks) as the API.</summary>
public sealed class ConsoleDeployer(DeployService deploys)
{
    /// <summary>
    /// Writes <paramref name="files"/> as an upload would arrive, then deploys them from <paramref name="entry"/> if
    /// <paramref name="grant"/> covers their app; the release is made by the grant's user or token, as through the API.
    /// </summary>
    public async Task<DeployOutcome> DeployAsync(
        IReadOnlyDictionary<string, string> files, string entry, string source, Security.Access.AccessGrant? grant, CancellationToken cancellationToken)
    {
        var incoming = deploys.NewIncomingDirectory();
        try
        {
            Directory.CreateDirectory(incoming);
            foreach (var (path, content) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(incoming, path), content, cancellationToken);
            }
        }
        catch
        {
            // DeployAsync removes the folder once it has it; until then it is ours to remove.
            if (Directory.Exists(incoming))
            {
                Directory.Delete(incoming, recursive: true);
            }

            throw;
        }

        if (grant is null)
        {
            Directory.Delete(incoming, recursive: true);
            return new DeployOutcome.Refused(StatusCodes.Status401Unauthorized, "your session has ended; sign in again");
        }

        return await deploys.DeployAsync(incoming, entry, source, grant.Name, cancellationToken, grant: grant);
    }

    /// <summary>A pasted or uploaded file: a Score file (it says <c>apiVersion: score.dev/…</c>) or a gantry.yaml.</summary>
    public static (string Entry, IReadOnlyDictionary<string, string> Files) FromPastedText(string text)
    {
        var entry = text.Contains("score.dev/", StringComparison.Ordinal) ? "score.yaml" : "gantry.yaml";
        return (entry, new Dictionary<string, string>(StringComparer.Ordinal) { [entry] = text });
    }
}
