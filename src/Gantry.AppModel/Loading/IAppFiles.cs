namespace Gantry.AppModel.Loading;

/// <summary>Where an app's files are read from: a folder on disk, or files posted to the API.</summary>
public interface IAppFiles
{
    /// <summary>Reads a file by its path relative to the app's root folder (forward slashes); null when absent.</summary>
    string? ReadText(string relativePath);

    /// <summary>Whether a folder exists, relative to the app's root folder ("" is the root).</summary>
    bool DirectoryExists(string relativePath);

    /// <summary>Whether a file exists, relative to the app's root folder; override it to avoid reading the file.</summary>
    bool FileExists(string relativePath) => ReadText(relativePath) is not null;
}
