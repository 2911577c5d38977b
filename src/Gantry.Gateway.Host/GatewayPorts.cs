using System.Text.Json;

namespace Gantry.Gateway.Host;

/// <summary>STATE/ports.json: which process serves, on the ports as bound (a port asked as 0 shows the one the system chose).</summary>
internal sealed record GatewayPorts(int Pid, int Http, int? Https, int Health)
{
    public const string FileName = "ports.json";

    /// <summary>Whole or not at all: whoever waits for the file reads it complete.</summary>
    public void Write(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);

        // Per process: during a restart two gateways write here, and neither may rename the other's half-written file.
        var temporary = $"{path}.tmp.{Environment.ProcessId}";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The ports written in <paramref name="stateDirectory"/>; null while there are none.</summary>
    public static GatewayPorts? Read(string stateDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<GatewayPorts>(File.ReadAllText(Path.Combine(stateDirectory, FileName)), JsonSerializerOptions.Web);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
