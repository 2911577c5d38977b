using Gantry.AppModel.Loading;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Validation;

/// <summary>Reports errors (and warnings: accepted, but worth changing) in one file of the app, located at YAML nodes.</summary>
internal sealed class FileErrors(string file, ErrorList list)
{
    public string File { get; } = file;

    public ErrorList List { get; } = list;

    public void Add(YamlValue at, string field, string message) => Add(at.Line, at.Column, field, message);

    public void Add(int line, int column, string field, string message) =>
        List.Add(new SpecError(File, line, column, field, message));

    public void Warn(YamlValue at, string field, string message) =>
        List.Warn(new SpecError(File, at.Line, at.Column, field, message));
}
