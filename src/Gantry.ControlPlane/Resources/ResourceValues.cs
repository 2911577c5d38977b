using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// The generated values of services and resources (names, passwords) as stored: JSON sealed with data protection
/// (key ring in DATA/keys), so the store holds no password in plain text.
/// </summary>
public sealed class ResourceValues(IDataProtectionProvider protection)
{
    private const string Prefix = "sealed:v1:";
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.ResourceValues.v1");

    public string Seal(IReadOnlyDictionary<string, string> values) =>
        Prefix + _protector.Protect(JsonSerializer.Serialize(values));

    public Dictionary<string, string> Open(string sealedValues) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(sealedValues[Prefix.Length..])) ?? [];
}
