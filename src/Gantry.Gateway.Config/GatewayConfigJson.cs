using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gantry.Gateway.Config;

/// <summary>
/// How snapshots travel and rest: JSON with camelCase names, generated at build time (no reflection on the gateway's
/// start path). Every constructor parameter is required and nothing declared non-null may be null, so a damaged
/// snapshot is an error naming the field rather than a route with a null host; optional lists may be left out.
/// Unknown properties are skipped, so an older gateway reads a newer control plane's snapshots.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GatewaySnapshot))]
[JsonSerializable(typeof(GatewaySnapshotChange))]
[JsonSerializable(typeof(GatewayReport))]
[JsonSerializable(typeof(SharedQuotaRequest))]
[JsonSerializable(typeof(SharedQuotaAnswer))]
[JsonSerializable(typeof(GatewayPorts))]
public sealed partial class GatewayConfigJson : JsonSerializerContext
{
    public static byte[] Serialize(GatewaySnapshot snapshot) => JsonSerializer.SerializeToUtf8Bytes(snapshot, Default.GatewaySnapshot);

    /// <summary>Reads a snapshot; a body that is not one throws <see cref="JsonException"/> naming where it went wrong.</summary>
    public static GatewaySnapshot Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.GatewaySnapshot) ?? throw new JsonException("a gateway snapshot cannot be null");

    /// <summary>Reads one frame of the configuration stream (one line); <see cref="JsonException"/> when it is not one.</summary>
    public static GatewaySnapshotChange DeserializeChange(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.GatewaySnapshotChange) ?? throw new JsonException("a snapshot change cannot be null");
}
