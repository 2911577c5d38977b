using System.Text.Json;

namespace Gantry.Gateway.Config;

/// <summary>
/// A gateway process's <c>STATE/ports.json</c>: which process serves, on the ports as bound (a port asked as 0 shows the
/// one the system chose). Written by gantry-gateway once it listens; read by whoever supervises it.
/// </summary>
public sealed record GatewayPorts(int Pid, int Http, int? Https, int Health)
{
    public const string FileName = "ports.json";

    /// <summary>
    /// The header on every answer of a gateway's health listener naming the process that answered: during a restart two
    /// gateways accept from the same socket, and only a successor's own 200 on /healthz/ready says it serves.
    /// </summary>
    public const string PidHeader = "Gantry-Gateway-Pid";

    /// <summary>Whole or not at all: whoever waits for the file reads it complete.</summary>
    public void Write(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);

        // Per process: during a restart two gateways write here, and neither may rename the other's half-written file.
        var temporary = $"{path}.tmp.{Environment.ProcessId}";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, GatewayConfigJson.Default.GatewayPorts));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The ports written in <paramref name="stateDirectory"/>; null while there are none or they cannot be read.</summary>
    public static GatewayPorts? Read(string stateDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(stateDirectory, FileName)), GatewayConfigJson.Default.GatewayPorts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
