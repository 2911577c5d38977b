using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// What <c>gantry deploy</c> uploads, seen from both ends: the real CLI against a real <c>gantry up</c>, and what the
/// server's data folder holds afterwards.
/// </summary>
public sealed partial class DeployUploadTests() : RunningGantryTest("gantry-upload")
{
    [Fact]
    public async Task DeployingAnImageOnlyScoreFile_FromACrowdedFolder_UploadsOnlyIt_AndSaysWhatItLeftOut()
    {
        var folder = Temp.Combine("downloads");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            containers:
              main:
                image: nginx:1.27
            """);
        var secret = $"s3cret-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(folder, ".env"), $"API_KEY={secret}\n");
        await using (var big = new FileStream(Path.Combine(folder, "big.iso"), FileMode.CreateNew))
        {
            big.SetLength(200L * 1024 * 1024); // sparse: 200 MB by its length, nothing on disk
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder, "sock")));

        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(folder, "score.yaml"));

        // Nothing builds from source, so the folder is not walked: only its top level is named, the socket as one.
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal(
            "note: no workload builds from source (image: .), so only the app's own files go up; left out beside them: .env, big.iso, sock (a socket)",
            deploy.Stderr.Trim());
        var (files, bytes) = PrintedUpload(deploy);
        Assert.Equal(1, files);
        Assert.True(bytes < 10 * 1024, $"{bytes} bytes were uploaded");

        var stored = ServerFiles();
        Assert.Contains(Path.Combine(Gantry.DataDirectory, "sources", "web", "1", "score.yaml"), stored);
        Assert.DoesNotContain(stored, f => Path.GetFileName(f) is ".env" or "big.iso" or "sock");
        Assert.DoesNotContain(stored, f => new FileInfo(f).Length >= 200L * 1024 * 1024);
        Assert.DoesNotContain(stored, f => Contains(f, secret));

    }

    [Fact]
    public async Task DeployingFromSource_LeavesOutWhatTheGantryIgnoreSays_KeepsWhatItNegates_AndSkipsASocketWithAWarning()
    {
        var folder = Temp.Combine("app");
        var entry = new NodeApp(Name: "ignoring").WriteTo(folder);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder, "sock")));
        await File.WriteAllTextAsync(Path.Combine(folder, ".gantryignore"), "# not for the server\n*.log\n!keep.log\nsecrets/\n/build\n");
        await File.WriteAllTextAsync(Path.Combine(folder, ".dockerignore"), "*\n"); // not read: .gantryignore comes first
        foreach (var file in new[] { "debug.log", "keep.log", "secrets/key.pem", "build/out.js", "src/build/tool.js", "src/trace.log" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, file))!);
            await File.WriteAllTextAsync(Path.Combine(folder, file), file);
        }

        var deploy = await Gantry.RunAsync("deploy", "-f", entry, "--wait");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal("warning: skipped sock: a socket cannot be uploaded", deploy.Stderr.Trim());
        var release = Path.Combine(Gantry.DataDirectory, "sources", "ignoring", "1");
        var stored = Directory.EnumerateFiles(release, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(release, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal([".dockerignore", ".gantryignore", "gantry.yaml", "keep.log", "score.yaml", "server.js", "src/build/tool.js"], stored);
        Assert.Equal(7, PrintedUpload(deploy).Files);

        // With --json stdout holds the JSON alone (no progress line); the warning still goes to stderr.
        var json = await Gantry.RunAsync("deploy", "-f", entry, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var accepted = JsonDocument.Parse(json.Stdout);
        Assert.Equal(2, accepted.RootElement.GetProperty("release").GetInt32());
        Assert.Contains("skipped sock", json.Stderr);
    }

    [Fact]
    public async Task DeployingMoreThanTheServerAccepts_IsRefusedLocallyWithExit2_AndUploadsNothing()
    {
        var folder = Temp.Combine("huge");
        var entry = new NodeApp(Name: "huge").WriteTo(folder);
        await using (var data = new FileStream(Path.Combine(folder, "data.bin"), FileMode.CreateNew))
        {
            data.SetLength(600L * 1024 * 1024); // sparse
        }

        var deploy = await Gantry.RunAsync("deploy", "-f", entry);

        Assert.True(deploy.ExitCode == 2, deploy.ToString());
        Assert.Contains("the server accepts at most 512 MB", deploy.Stderr);
        Assert.Contains("data.bin (600 MB)", deploy.Stderr);
        Assert.DoesNotContain("uploading", deploy.Stdout);
        Assert.False(Directory.Exists(Path.Combine(Gantry.DataDirectory, "sources", "huge")));
    }

    /// <summary>The file count and size from "uploading N files (SIZE)".</summary>
    private static (int Files, double Bytes) PrintedUpload(CliResult result)
    {
        var match = UploadingLine().Match(result.Stdout);
        Assert.True(match.Success, result.ToString());
        var unit = match.Groups["unit"].Value switch { "B" => 1, "KB" => 1024, "MB" => 1024 * 1024, _ => 1024 * 1024 * 1024 };
        return (int.Parse(match.Groups["files"].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups["size"].Value, CultureInfo.InvariantCulture) * unit);
    }

    private List<string> ServerFiles() =>
        [.. Directory.EnumerateFiles(Gantry.DataDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })];

    /// <summary>Whether a file of the server's (the database and logs included) holds the text; files it is writing are read shared.</summary>
    private static bool Contains(string path, string text)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Contains(text, StringComparison.Ordinal);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"uploading (?<files>\d+) files? \((?<size>[\d.]+) (?<unit>B|KB|MB|GB)\)")]
    private static partial Regex UploadingLine();
}
