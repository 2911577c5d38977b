using System.Text.Json;
using Docker.DotNet.Models;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Resources;

/// <summary>
/// s3 resources on a platform started without --s3-endpoint, on the container runtime: Gantry runs the s3 definition's
/// MinIO server (s3rver standing in for minio/minio, which cannot be pulled or built here: the test's name says so) and
/// gives each resource a bucket of its own, made with the image's mc. <see cref="NotesApp"/>s in containers write and
/// read objects knowing only the outputs; the secret key is shown only on purpose; deleting an app keeps its bucket
/// and --purge removes it.
/// </summary>
public sealed class ContainerS3ResourceTests() : ContainerGantryTest("gantry-cs3")
{
    [Fact]
    public async Task TwoApps_GetABucketEach_OnTheMinioGantryRuns_AndPurgeRemovesOne_AgainstS3rverStandingInForMinio()
    {
        var notes = new NotesApp(NotesStore.S3, "notes", Container: true);
        var other = new NotesApp(NotesStore.S3, "other", Container: true);
        await Task.WhenAll(NotesImage.EnsureAsync(), ServiceImages.EnsureAsync("s3"));

        await Gantry.DeployNotesAsync(notes, Temp.Combine("apps", "notes"));
        await Gantry.DeployNotesAsync(other, Temp.Combine("apps", "other"));
        await Gantry.WriteNoteAsync(notes, "alpha");
        await Gantry.WriteNoteAsync(notes, "beta");
        await Gantry.WriteNoteAsync(other, "gamma");
        Assert.Equal("alpha\nbeta", await Gantry.ReadNotesAsync(notes));
        Assert.Equal("gamma", await Gantry.ReadNotesAsync(other));

        // The apps reach the server by its name on the installation's network, each with a bucket named after its resource.
        var (mine, theirs) = (await Gantry.RevealOutputsAsync("notes", "db"), await Gantry.RevealOutputsAsync("other", "db"));
        Assert.Equal(("http://s3-default:9000", "us-east-1"), (mine["endpoint"], mine["region"]));
        Assert.Matches("^notes-web-db-[0-9a-f]{8}$", mine["bucket"]);
        Assert.Matches("^other-web-db-[0-9a-f]{8}$", theirs["bucket"]);
        Assert.Equal((mine["access_key_id"], mine["secret_key"]), (mine["aws_access_key_id"], mine["aws_secret_key"]));

        // The secret key is shown only with --reveal.
        var shown = await Gantry.RunAsync("resources", "show", "notes", "db", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.DoesNotContain(mine["secret_key"], shown.Stdout, StringComparison.Ordinal);
        var listed = await Gantry.RunAsync("resources", "list", "notes", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var resource = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("s3", "s3-default"), (resource.GetProperty("type").GetString(), resource.GetProperty("service").GetString()));
        Assert.True(resource.GetProperty("dataBytes").GetInt64() > 0, listed.Stdout); // the bucket's folder in the server's volume
        Assert.DoesNotContain(mine["secret_key"], listed.Stdout, StringComparison.Ordinal);

        // The objects are in the server's data volume, each app's under its own bucket.
        var installation = (await File.ReadAllTextAsync(Path.Combine(Gantry.DataDirectory, "installation-id"))).Trim();
        var server = $"s3-default.{installation}";
        Assert.Contains((await Engine.Containers.InspectContainerAsync(server)).Mounts, m => m.Type == "volume" && m.Name == $"gantry-service-s3-default-{installation}");
        Assert.Equal(
            $"{mine["bucket"]}/notes/alpha\n{mine["bucket"]}/notes/beta\n{theirs["bucket"]}/notes/gamma".Split('\n').Order(StringComparer.Ordinal),
            (await ObjectsAsync(server)).Order(StringComparer.Ordinal));

        // Deleting keeps the bucket; --purge removes it with its objects, and leaves the other app's alone.
        var deleted = await Gantry.RunAsync("apps", "delete", "notes", "--yes");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains($"{mine["bucket"]}/notes/alpha", await ObjectsAsync(server));
        await Gantry.DeployNotesAsync(notes, Temp.Combine("apps", "notes"));
        Assert.Equal("alpha\nbeta", await Gantry.ReadNotesAsync(notes));
        var purged = await Gantry.RunAsync("apps", "delete", "notes", "--purge", "--yes");
        Assert.True(purged.ExitCode == 0, $"{purged}\n--- server\n{Gantry.Output}");
        Assert.Equal([$"{theirs["bucket"]}/notes/gamma"], await ObjectsAsync(server));
        Assert.Equal("gamma", await Gantry.ReadNotesAsync(other));
    }

    /// <summary>Every object in the server's data folder, as BUCKET/KEY (s3rver keeps KEY._S3rver_object files).</summary>
    private async Task<string[]> ObjectsAsync(string container)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exec = await Engine.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
        {
            Cmd = ["bash", "-c", "cd /data && find . -name '*._S3rver_object' | sed -e 's|^\\./||' -e 's|\\._S3rver_object$||'"],
            AttachStdout = true,
            AttachStderr = true,
        }, deadline.Token);
        using var stream = await Engine.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, deadline.Token);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(deadline.Token);
        Assert.True(stderr.Length == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
