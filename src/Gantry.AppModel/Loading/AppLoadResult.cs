using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Loading;

/// <summary>The app when its files are valid, else every error found (not just the first).</summary>
public sealed record AppLoadResult(AppSpec? App, ImmutableArray<SpecError> Errors)
{
    [MemberNotNullWhen(true, nameof(App))]
    public bool Succeeded => App is not null && Errors.IsEmpty;

    /// <summary>The routes' JWKS URLs with their places, for the deploy to fetch once before it stores a release.</summary>
    public ImmutableArray<JwksUrlReference> JwksUrls { get; init; } = [];

    /// <summary>What was accepted but should change (a form Score deprecated), located like errors.</summary>
    public ImmutableArray<SpecError> Warnings { get; init; } = [];
}
