namespace Gantry.AppModel.Loading;

/// <summary>
/// Paths inside an app: relative to its root folder, with forward slashes, never leaving the root.
/// Every path from a file goes through here before any <see cref="IAppFiles"/> sees it.
/// </summary>
internal static class AppPath
{
    /// <summary>Normalizes <paramref name="path"/> ("." and ".." resolved, "\" read as "/"); false with the reason when it is absolute or escapes the root.</summary>
    public static bool TryNormalize(string path, out string normalized, out string problem) =>
        TryCombine("", path, out normalized, out problem);

    /// <summary>Resolves <paramref name="relative"/> against the folder <paramref name="baseFolder"/> (itself normalized).</summary>
    public static bool TryCombine(string baseFolder, string relative, out string normalized, out string problem)
    {
        normalized = "";
        problem = "";
        var path = relative.Replace('\\', '/');
        if (path.Length == 0)
        {
            problem = "the path is empty";
            return false;
        }

        if (path[0] == '/' || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            problem = $"'{relative}' is an absolute path; give a path relative to the app's folder";
            return false;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            problem = "the path contains a NUL character";
            return false;
        }

        var segments = new List<string>(baseFolder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    problem = $"'{relative}' points outside the app's folder";
                    return false;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        normalized = string.Join('/', segments);
        return true;
    }

    /// <summary>The folder holding a normalized file path ("" for the root).</summary>
    public static string FolderOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }
}
