using System.Collections.Immutable;
using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Validation;

/// <summary>
/// Collects every error of one load, so a user fixes them all in one pass instead of one per run; and the JWKS URLs
/// found, which only the deploy can finish checking (it fetches them).
/// </summary>
internal sealed class ErrorList
{
    private readonly List<SpecError> _errors = [];

    public List<JwksUrlReference> JwksUrls { get; } = [];

    public int Count => _errors.Count;

    public FileErrors For(string file) => new(file, this);

    public void Add(SpecError error) => _errors.Add(error);

    /// <summary>What the app may keep but should change (a deprecated form): shown, never refused.</summary>
    public List<SpecError> Warnings { get; } = [];

    public void Warn(SpecError warning) => Warnings.Add(warning);

    /// <summary>Errors grouped by file in the order files were read, then by position; duplicates removed.</summary>
    public ImmutableArray<SpecError> ToImmutable()
    {
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in _errors)
        {
            fileOrder.TryAdd(error.File, fileOrder.Count);
        }

        return [.. _errors
            .Distinct()
            .OrderBy(e => fileOrder[e.File])
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)];
    }
}
