using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.Clients;

/// <summary>
/// An app's API keys (hashes only) and blocks as a file: what a promotion hands the gateway in the cluster, which
/// has no control plane to ask. Keys created or blocks set later reach the cluster with the next promotion.
/// </summary>
public sealed record ClientsFile(ImmutableArray<ApiKeyConfig> Keys, ImmutableArray<string> BlockedKeys, ImmutableArray<string> BlockedSubjects, ImmutableArray<string> BlockedIps)
{
    public const string FileName = "clients.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>As the gateways' configuration carries an app's clients.</summary>
    public AppClientsConfig ToConfig(string app) =>
        new(app, Keys, BlockedKeys, BlockedSubjects, BlockedIps);

    [JsonIgnore]
    public bool IsEmpty => Keys.IsEmpty && BlockedKeys.IsEmpty && BlockedSubjects.IsEmpty && BlockedIps.IsEmpty;

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static ClientsFile Deserialize(string json) =>
        JsonSerializer.Deserialize<ClientsFile>(json, Json) ?? throw new InvalidDataException("the clients file is empty");
}
