using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// The resource types a platform serves: its definitions by type and class (a platform's own files replace built-in
/// ones of the same type and class). The app model checks Score resources against it; the control plane provisions from it.
/// </summary>
public sealed class ProvisionerCatalog
{
    private readonly ImmutableDictionary<(string Type, string Class), ProvisionerDefinition> _byKey;
    private readonly ImmutableDictionary<(string Type, string Class), RefusedProvisioner> _refused;

    /// <summary>A catalog of <paramref name="definitions"/> (later ones win) without the <paramref name="refused"/> types and classes.</summary>
    public ProvisionerCatalog(IEnumerable<ProvisionerDefinition> definitions, IEnumerable<RefusedProvisioner>? refused = null)
    {
        var refusedByKey = ImmutableDictionary.CreateBuilder<(string Type, string Class), RefusedProvisioner>();
        foreach (var refusal in refused ?? [])
        {
            refusedByKey[(refusal.Type, refusal.Class)] = refusal;
        }

        var byKey = ImmutableDictionary.CreateBuilder<(string Type, string Class), ProvisionerDefinition>();
        foreach (var definition in definitions.Where(d => !refusedByKey.ContainsKey((d.Type, d.Class))))
        {
            byKey[(definition.Type, definition.Class)] = definition; // later ones (the platform's files) win
        }

        _byKey = byKey.ToImmutable();
        _refused = refusedByKey.ToImmutable();
        Definitions = [.. _byKey.Values.OrderBy(d => d.Type, StringComparer.Ordinal).ThenBy(d => d.Class, StringComparer.Ordinal)];
        Refused = [.. _refused.Values.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Class, StringComparer.Ordinal)];
    }

    public static ProvisionerCatalog Empty { get; } = new([]);

    /// <summary>Gantry's built-in definitions, replaced type by type and class by class by the platform's (DATA/provisioners).</summary>
    public static ProvisionerCatalog Create(ProvisionerLoadResult builtIn, ProvisionerLoadResult platform) =>
        new([.. builtIn.Definitions, .. platform.Definitions], [.. builtIn.Refused, .. platform.Refused]);

    public ImmutableArray<ProvisionerDefinition> Definitions { get; }

    /// <summary>Types and classes not served because their platform file is broken or defined twice.</summary>
    public ImmutableArray<RefusedProvisioner> Refused { get; }

    public IEnumerable<string> Types => Definitions.Select(d => d.Type).Distinct(StringComparer.Ordinal);

    /// <summary>The definition of a type and class (no class: <c>default</c>); null when there is none or it was refused.</summary>
    public ProvisionerDefinition? Find(string type, string? @class) =>
        _byKey.GetValueOrDefault((type, @class ?? ProvisionerDefinition.DefaultClass));

    /// <summary>Why a type and class is not served although a file defines it; null when it is not refused.</summary>
    public RefusedProvisioner? FindRefused(string type, string? @class) =>
        _refused.GetValueOrDefault((type, @class ?? ProvisionerDefinition.DefaultClass));

    /// <summary>The classes a type comes in, for a message naming them.</summary>
    public IEnumerable<string> ClassesOf(string type) => Definitions.Where(d => d.Type == type).Select(d => d.Class);
}
