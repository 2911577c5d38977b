using System.Diagnostics;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// Backups of an app's volume on the container runtime (Podman): an archive of its folder with owners, modes and
/// links, restored as exactly what it held (later files gone), verified in a scratch folder, and part of an app's
/// backup when no resource is named.
/// </summary>
public sealed class ContainerVolumeBackupTests() : ContainerGantryTest("gantry-volbak")
{
    [Fact]
    public async Task AVolumeBackup_RestoresExactlyItsFiles_WithOwnersModesAndLinks_AndVerifies()
    {
        await DeployAsync(new BusyboxApp(Name: "boxbak", WithVolume: true), "v1");
        var folder = (await Engine.Volumes.InspectAsync("gantry-boxbak-data")).Mountpoint;
        await ShellAsync($"""
            set -e
            mkdir -p "{folder}/kept"
            echo owned > "{folder}/kept/owned.txt"
            chown 1000:1001 "{folder}/kept/owned.txt"
            chmod 640 "{folder}/kept/owned.txt"
            ln -s kept/owned.txt "{folder}/link"
            """);
        var starts = await File.ReadAllTextAsync(Path.Combine(folder, "starts.txt"));

        // No resource named: the app's volume is backed up (the app has no provisioned resource).
        var created = await Gantry.RunAsync("backup", "create", "boxbak", "--json");
        Assert.True(created.ExitCode == 0, $"{created}\n--- server\n{Gantry.Output}");
        var backup = Assert.Single(JsonDocument.Parse(created.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("gantry-boxbak-data", "volume", "succeeded"), (backup.GetProperty("resource").GetString(), backup.GetProperty("type").GetString(), backup.GetProperty("state").GetString()));

        await ShellAsync($"""
            set -e
            echo later > "{folder}/later.txt"
            rm -r "{folder}/kept"
            echo changed >> "{folder}/starts.txt"
            """);
        var restored = await Gantry.RunAsync("backup", "restore", "boxbak", "data", "--yes");
        Assert.True(restored.ExitCode == 0, $"{restored}\n--- server\n{Gantry.Output}");

        Assert.False(File.Exists(Path.Combine(folder, "later.txt")));
        Assert.Equal(starts, await File.ReadAllTextAsync(Path.Combine(folder, "starts.txt")));
        Assert.Equal("owned 1000:1001 640", (await ShellAsync($"printf '%s %s' \"$(cat '{folder}/kept/owned.txt')\" \"$(stat -c '%u:%g %a' '{folder}/kept/owned.txt')\"")).Trim());
        Assert.Equal("kept/owned.txt", new FileInfo(Path.Combine(folder, "link")).LinkTarget);
        Assert.Contains("release 1", await GetTextAsync("boxbak.localhost", "/starts.txt")); // the app reads the restored file

        var verified = await Gantry.RunAsync("backup", "verify", "boxbak", "data", "--json");
        Assert.True(verified.ExitCode == 0, $"{verified}\n--- server\n{Gantry.Output}");
        var counts = JsonDocument.Parse(verified.Stdout).RootElement.GetProperty("tables").EnumerateArray()
            .ToDictionary(t => t.GetProperty("table").GetString()!, t => (t.GetProperty("expected").GetInt64(), t.GetProperty("restored").GetInt64()));
        Assert.Equal((2, 2), counts["files"]); // starts.txt and kept/owned.txt
        Assert.Equal((1, 1), counts["links"]);
        Assert.Empty(Directory.GetDirectories(Path.Combine(Gantry.DataDirectory, "backups"), ".verify-*")); // the scratch folder is gone
    }

    [Fact]
    public async Task AVolumeTheAppNeverStartedWith_OrANameItLacks_IsRefusedClearly()
    {
        await DeployAsync(new BusyboxApp(Name: "boxnone"), "v1");
        var unknown = await Gantry.RunAsync("backup", "create", "boxnone", "uploads");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("app 'boxnone' has no resource or volume 'uploads'", unknown.Stderr);
    }

    private static async Task<string> ShellAsync(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script}\n{stderr}");
        return stdout;
    }
}
