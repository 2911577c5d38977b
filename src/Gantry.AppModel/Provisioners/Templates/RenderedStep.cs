using System.Collections.Immutable;

namespace Gantry.AppModel.Provisioners.Templates;

/// <summary>A step with its templates rendered, ready to run; <see cref="Secrets"/> are the secret values in it, to scrub from its output.</summary>
public sealed record RenderedStep(
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment,
    string? Stdin,
    string? User,
    TimeSpan Timeout,
    ImmutableArray<string> Secrets);
