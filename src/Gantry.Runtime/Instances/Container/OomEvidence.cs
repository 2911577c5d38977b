using System.Diagnostics;

namespace Gantry.Runtime.Instances.Container;

/// <summary>
/// Whether the kernel OOM-killed a container. Docker reports it in the container's state; Podman 4 with runc on
/// cgroup v1 does not, but the kernel log names the container's memory cgroup in its oom-kill line.
/// </summary>
internal static class OomEvidence
{
    public static bool KernelKilled(string containerId)
    {
        try
        {
            var info = new ProcessStartInfo("dmesg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var dmesg = System.Diagnostics.Process.Start(info);
            if (dmesg is null)
            {
                return false;
            }

            var output = dmesg.StandardOutput.ReadToEnd();
            dmesg.WaitForExit(2000);
            return output.Split('\n').Any(line => line.Contains("oom", StringComparison.OrdinalIgnoreCase) && line.Contains(containerId, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No dmesg, or not allowed to read the kernel log: no evidence.
            return false;
        }
    }
}
