namespace Gantry.AppModel.Loading;

/// <summary>One problem in an app's files, located precisely enough to fix it without searching.</summary>
/// <param name="File">The file, relative to the app's root folder.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">The field path, for example <c>containers.web.readinessProbe.httpGet.port</c>.</param>
public sealed record SpecError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Field)
        ? $"{File}:{Line}:{Column}: {Message}"
        : $"{File}:{Line}:{Column}: {Field}: {Message}";
}
