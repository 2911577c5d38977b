namespace Gantry.ControlPlane.Console.Forms;

/// <summary>A form turned into app files, or the errors by field name that stopped it.</summary>
public sealed record DraftResult(IReadOnlyDictionary<string, string>? Files, IReadOnlyDictionary<string, List<string>> Errors)
{
    public bool Succeeded => Files is not null;

    public static DraftResult Valid(IReadOnlyDictionary<string, string> files) => new(files, new Dictionary<string, List<string>>());

    public static DraftResult Invalid(IReadOnlyDictionary<string, List<string>> errors) => new(null, errors);
}
