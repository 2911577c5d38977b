namespace Gantry.Cli.Bundling;

/// <summary>
/// The files of a build context: everything in its folder but what its ignore file leaves out (or, without one, build
/// output, installed packages and <c>.env</c> files), Git's and Gantry's own folders, links and special files.
/// </summary>
internal static class SourceWalker
{
    /// <summary>Read in order; the first that exists at the context's root is the one honoured.</summary>
    public static readonly (string Name, IgnoreSyntax Syntax)[] IgnoreFiles =
        [(".gantryignore", IgnoreSyntax.Git), (".dockerignore", IgnoreSyntax.Docker), (".gitignore", IgnoreSyntax.Git)];

    private const string DefaultIgnores = "bin/\nobj/\nnode_modules/\n.env\n.env.*\n";

    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.Ordinal) { ".git", ".gantry" };

    /// <summary>The rules of the context's ignore file, or the defaults when it has none.</summary>
    public static IgnoreRules RulesFor(string contextDirectory, ICollection<string> warnings, string shownAs)
    {
        foreach (var (name, syntax) in IgnoreFiles)
        {
            var path = Path.Join(contextDirectory, name);
            if (File.Exists(path))
            {
                try
                {
                    return IgnoreRules.Parse(File.ReadAllText(path), syntax);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warnings.Add($"{AppRelative(shownAs, name)} was not read ({FileProbe.Reason(ex)}); using the default rules instead");
                    break;
                }
            }
        }

        return IgnoreRules.Parse(DefaultIgnores, IgnoreSyntax.Git);
    }

    /// <summary>Adds the context's files to <paramref name="into"/> (keyed by their path from the app's folder), keeping any already there.</summary>
    /// <param name="context">The context folder relative to the app's folder ("" for the folder itself).</param>
    public static void Walk(string appRoot, string context, IDictionary<string, BundleFile> into, ICollection<string> warnings)
    {
        var contextDirectory = Path.GetFullPath(Path.Join(appRoot, context));
        var rules = RulesFor(contextDirectory, warnings, context);
        var pending = new Stack<string>([""]);
        while (pending.TryPop(out var folder))
        {
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(Path.Join(contextDirectory, folder)).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"skipped {AppRelative(context, folder)}/: {FileProbe.Reason(ex)}");
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
                if (AlwaysSkipped.Contains(entry.Name) || entry.LinkTarget is not null)
                {
                    continue; // links are never followed: they could lead anywhere, or loop
                }

                if (entry is DirectoryInfo)
                {
                    if (!rules.IsIgnored(relative, isDirectory: true) || rules.WalkIgnoredFolders)
                    {
                        pending.Push(relative);
                    }

                    continue;
                }

                var appRelative = AppRelative(context, relative);
                if (rules.IsIgnored(relative, isDirectory: false) || into.ContainsKey(appRelative))
                {
                    continue;
                }

                var file = (FileInfo)entry;
                if (FileProbe.Refusal(file) is { } reason)
                {
                    warnings.Add($"skipped {appRelative}: {reason}");
                    continue;
                }

                into[appRelative] = new BundleFile(file.FullName, appRelative, file.Length);
            }
        }
    }

    private static string AppRelative(string context, string relative) =>
        context.Length == 0 ? relative : relative.Length == 0 ? context : $"{context}/{relative}";
}
