using System.Collections.Immutable;
using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Provisioners;

/// <summary>Definitions read from files: the usable ones, the types withdrawn by broken files, and every error (<c>file:line:col: field: message</c>).</summary>
public sealed record ProvisionerLoadResult(
    ImmutableArray<ProvisionerDefinition> Definitions,
    ImmutableArray<RefusedProvisioner> Refused,
    ImmutableArray<SpecError> Errors)
{
    public static ProvisionerLoadResult Empty { get; } = new([], [], []);

    public bool Succeeded => Errors.IsEmpty;
}
