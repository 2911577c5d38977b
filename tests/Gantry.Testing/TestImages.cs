using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Testing;

/// <summary>
/// Images the container tests run, made on this machine (no registry is reachable): a 2 MB busybox image from
/// Debian's busybox-static, with httpd, sh and the usual tools.
/// </summary>
public static class TestImages
{
    public const string Busybox = "localhost/gantry-test/busybox:1";

    private static readonly string[] Tools =
    [
        "sh", "httpd", "echo", "cat", "sleep", "ls", "mkdir", "ln", "touch", "rm", "wc", "grep", "head", "tail", "env", "kill", "true", "false", "dd",
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static DockerClient Client() => new DockerClientConfiguration(new Uri(TestEngine.DockerHost)).CreateClient();

    /// <summary>Imports the busybox image unless the engine has it.</summary>
    public static async Task EnsureBusyboxAsync()
    {
        await Gate.WaitAsync();
        try
        {
            using var client = Client();
            try
            {
                await client.Images.InspectImageAsync(Busybox);
                return;
            }
            catch (DockerImageNotFoundException)
            {
            }

            using var tar = BusyboxRootfs();
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromSrc = "-", Repo = "localhost/gantry-test/busybox", Tag = "1" },
                tar, null, new Progress<JSONMessage>());

            // Podman's import ignores the tag: tag the imported image as the tests name it.
            await client.Images.TagImageAsync("localhost/gantry-test/busybox:latest", new ImageTagParameters { RepositoryName = "localhost/gantry-test/busybox", Tag = "1" });
        }
        finally
        {
            Gate.Release();
        }
    }

    private static MemoryStream BusyboxRootfs()
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry("/bin/busybox", "bin/busybox");
            foreach (var tool in Tools)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{tool}") { LinkName = "busybox" });
            }

            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)Convert.ToInt32("1777", 8) });
        }

        stream.Position = 0;
        return stream;
    }
}
