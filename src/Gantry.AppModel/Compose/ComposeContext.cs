using Gantry.AppModel.Loading;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>What every part of the mapping reads and reports to: the app's files, the compose file's top-level definitions, the report.</summary>
internal sealed class ComposeContext(IAppFiles files, string composeFile, FileErrors errors, ComposeInterpolation interpolation)
{
    public IAppFiles Files { get; } = files;

    public string ComposeFile { get; } = composeFile;

    /// <summary>The compose file's folder, relative to the app's root: the generated files go there, and relative paths start there.</summary>
    public string Folder { get; } = AppPath.FolderOf(composeFile);

    public FileErrors Errors { get; } = errors;

    public ComposeInterpolation Interpolation { get; } = interpolation;

    public List<ComposeNote> Notes { get; } = [];

    /// <summary>The variables of the project's .env file.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public YamlMap? Volumes { get; init; }

    public YamlMap? Secrets { get; init; }

    public YamlMap? Configs { get; init; }

    public string? Variable(string name) => Variables.TryGetValue(name, out var value) ? value : null;

    public void Approximate(YamlValue at, string field, string message) => Note(ComposeNoteKind.Approximated, at, field, message);

    public void LeaveOut(YamlValue at, string field, string message) => Note(ComposeNoteKind.LeftOut, at, field, message);

    public void Refuse(YamlValue at, string field, string message) => Errors.Add(at, field, message);

    /// <summary>A path of the compose file (relative to its folder) as a path in the app, or null after reporting why it cannot be.</summary>
    public string? AppPathOf(string relative, YamlValue at, string field)
    {
        if (AppPath.TryCombine(Folder, relative, out var path, out var problem))
        {
            return path;
        }

        Refuse(at, field, problem);
        return null;
    }

    private void Note(ComposeNoteKind kind, YamlValue at, string field, string message) =>
        Notes.Add(new ComposeNote(kind, ComposeFile, at.Line, at.Column, field, message));
}
