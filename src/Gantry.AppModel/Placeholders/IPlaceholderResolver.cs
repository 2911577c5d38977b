namespace Gantry.AppModel.Placeholders;

/// <summary>Gives the value of a placeholder in the scope of one workload.</summary>
internal interface IPlaceholderResolver
{
    PlaceholderResolution Resolve(PlaceholderReference reference);
}

/// <summary>A value, or an error worded for the person who wrote the placeholder (or neither, when the cause was reported already).</summary>
internal readonly record struct PlaceholderResolution(string? Value, string? Error)
{
    public bool IsResolved => Value is not null;

    public static PlaceholderResolution Of(string value) => new(value, null);

    public static PlaceholderResolution Fail(string error) => new(null, error);

    /// <summary>Unresolvable because of an error reported elsewhere (a resource with a bad type): stay quiet.</summary>
    public static PlaceholderResolution Silent { get; } = new(null, null);
}
