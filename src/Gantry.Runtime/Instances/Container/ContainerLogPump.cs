using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances.Container;

/// <summary>Follows a container's output from the engine and writes it to the instance log line by line, stdout and stderr apart.</summary>
internal static class ContainerLogPump
{
    public static async Task RunAsync(DockerClient client, string containerId, DateTimeOffset since, InstanceLog log, CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters
        {
            Follow = true,
            ShowStdout = true,
            ShowStderr = true,
            Since = since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        var pending = new Dictionary<string, StringBuilder> { ["stdout"] = new(), ["stderr"] = new() };
        var buffer = new byte[16 * 1024];
        try
        {
            using var stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, cancellationToken);
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                var name = read.Target == MultiplexedStream.TargetStream.StandardError ? "stderr" : "stdout";
                var text = pending[name].Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                var content = text.ToString();
                var end = content.LastIndexOf('\n');
                if (end >= 0)
                {
                    log.Write(name, content[..end].TrimEnd('\r'));
                    text.Clear().Append(content[(end + 1)..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or DockerApiException)
        {
            // The container is gone or we stopped following: what was read is logged below.
        }

        foreach (var (name, rest) in pending.Where(p => p.Value.Length > 0))
        {
            log.Write(name, rest.ToString());
        }
    }
}
