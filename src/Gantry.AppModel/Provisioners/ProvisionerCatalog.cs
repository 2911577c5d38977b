using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// The resource types a platform serves: its definitions by type and class (a platform's own files replace built-in
/// ones of the same type and class). The app model checks Score resources against it; the control plane provisions from it.
/// </summary>
public sealed class ProvisionerCatalog
{
    private readonly ImmutableDictionary<(string Type, string Class), ProvisionerDefinition> _byKey;

    public ProvisionerCatalog(IEnumerable<ProvisionerDefinition> definitions)
    {
        var byKey = ImmutableDictionary.CreateBuilder<(string Type, string Class), ProvisionerDefinition>();
        foreach (var definition in definitions)
        {
            byKey[(definition.Type, definition.Class)] = definition; // later ones (the platform's files) win
        }

        _byKey = byKey.ToImmutable();
        Definitions = [.. _byKey.Values.OrderBy(d => d.Type, StringComparer.Ordinal).ThenBy(d => d.Class, StringComparer.Ordinal)];
    }

    public static ProvisionerCatalog Empty { get; } = new([]);

    public ImmutableArray<ProvisionerDefinition> Definitions { get; }

    public IEnumerable<string> Types => Definitions.Select(d => d.Type).Distinct(StringComparer.Ordinal);

    /// <summary>The definition of a type and class (no class: <c>default</c>); null when there is none.</summary>
    public ProvisionerDefinition? Find(string type, string? @class) =>
        _byKey.GetValueOrDefault((type, @class ?? ProvisionerDefinition.DefaultClass));

    /// <summary>The classes a type comes in, for a message naming them.</summary>
    public IEnumerable<string> ClassesOf(string type) => Definitions.Where(d => d.Type == type).Select(d => d.Class);
}
