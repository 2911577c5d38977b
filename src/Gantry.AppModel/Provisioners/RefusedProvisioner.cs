using System.Collections.Immutable;
using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// A type and class whose platform file could not be used (it has errors, or two files define it): the type is not
/// served at all rather than silently by the built-in one the file meant to replace.
/// </summary>
/// <param name="Sources">The file or files that define it.</param>
public sealed record RefusedProvisioner(string Type, string Class, ImmutableArray<string> Sources, ImmutableArray<SpecError> Errors)
{
    /// <summary>One sentence for an app that asks for this type, pointing at the files (their errors are in the server's log).</summary>
    public string Reason => Sources.Length > 1
        ? $"the provisioner of '{Type}' (class '{Class}') is defined twice, by {string.Join(" and ", Sources)}"
        : $"the provisioner of '{Type}' (class '{Class}') in {Sources[0]} has errors: {Errors.FirstOrDefault()?.ToString() ?? "see the server log"}";
}
