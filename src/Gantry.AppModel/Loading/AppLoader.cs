using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Loading;

/// <summary>
/// Loads an app from its files: a lone Score file or a <c>gantry.yaml</c> naming Score files.
/// Never throws for bad input; every problem found comes back as a located <see cref="SpecError"/>.
/// </summary>
public static class AppLoader
{
    /// <param name="files">The app's files.</param>
    /// <param name="entryPath">The Score file or gantry.yaml, relative to the app's root folder (forward slashes).</param>
    /// <param name="options">Null: the local, strict way.</param>
    public static AppLoadResult Load(IAppFiles files, string entryPath, AppLoadOptions? options = null)
    {
        var errors = new ErrorList();
        var app = new AppReader(files, errors, options ?? AppLoadOptions.Local).Read(entryPath);
        var found = errors.ToImmutable();
        return new AppLoadResult(found.IsEmpty ? app : null, found);
    }
}
