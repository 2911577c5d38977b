using System.Text.Json;

namespace Gantry.AppModel.Spec;

/// <summary>Stores a release's resolved spec as JSON; the same shape the API returns.</summary>
public static class SpecSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(AppSpec spec) => JsonSerializer.Serialize(spec, Options);

    public static AppSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<AppSpec>(json, Options) ?? throw new InvalidDataException("A release's spec is empty.");
}
