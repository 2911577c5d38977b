using System.Text.Json;

namespace Gantry.ControlPlane.DataPlane.Supervision;

/// <summary>What a gantry-gateway wrote to <c>STATE/ports.json</c> once it listened: its pid and the ports as bound.</summary>
public sealed record GatewayPorts(int Pid, int Http, int? Https, int Health)
{
    public const string FileName = "ports.json";

    /// <summary>The file's content; null when there is none or it cannot be read.</summary>
    public static GatewayPorts? Read(string stateDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<GatewayPorts>(File.ReadAllText(Path.Combine(stateDirectory, FileName)), JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
