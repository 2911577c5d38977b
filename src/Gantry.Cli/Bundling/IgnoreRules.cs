using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.Cli.Bundling;

/// <summary>
/// The patterns of an ignore file (<c>.gantryignore</c>, <c>.dockerignore</c>, <c>.gitignore</c>): comments, blank
/// lines, <c>!</c> negation, <c>*</c>, <c>**</c>, <c>?</c>, <c>[…]</c>, a trailing <c>/</c> for folders, a leading
/// <c>/</c> to anchor at the root. The last pattern that matches a path decides.
/// </summary>
public sealed class IgnoreRules
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly List<Pattern> _patterns;

    private IgnoreRules(IgnoreSyntax syntax, List<Pattern> patterns)
    {
        Syntax = syntax;
        _patterns = patterns;
    }

    public IgnoreSyntax Syntax { get; }

    /// <summary>Nothing is ignored.</summary>
    public static IgnoreRules None { get; } = new(IgnoreSyntax.Git, []);

    public static IgnoreRules Parse(string text, IgnoreSyntax syntax)
    {
        var patterns = new List<Pattern>();
        foreach (var rawLine in text.Split('\n'))
        {
            if (Pattern.TryParse(rawLine.TrimEnd('\r'), syntax) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return new IgnoreRules(syntax, patterns);
    }

    /// <summary>
    /// Whether a folder that is itself ignored must still be walked: with Docker's syntax a later <c>!</c> pattern can
    /// re-include something inside it; with Git's it cannot.
    /// </summary>
    public bool WalkIgnoredFolders => Syntax == IgnoreSyntax.Docker && _patterns.Any(p => p.Negated);

    /// <param name="path">Relative to the folder of the ignore file, with forward slashes.</param>
    /// <param name="isDirectory">Patterns ending in <c>/</c> match folders only.</param>
    public bool IsIgnored(string path, bool isDirectory)
    {
        var ignored = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Negated == ignored && pattern.Matches(path, isDirectory))
            {
                ignored = !pattern.Negated;
            }
        }

        return ignored;
    }

    /// <summary>One line of an ignore file, compiled to a regular expression over a path or a name.</summary>
    private sealed record Pattern(Regex Regex, bool Negated, bool DirectoryOnly, bool MatchesName, int Segments, IgnoreSyntax Syntax)
    {
        public static Pattern? TryParse(string line, IgnoreSyntax syntax)
        {
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                return null;
            }

            var text = syntax == IgnoreSyntax.Git ? TrimUnescapedTrailingSpaces(line) : line.Trim();
            var negated = text.StartsWith('!');
            if (negated)
            {
                text = text[1..];
            }
            else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
            {
                text = text[1..];
            }

            var directoryOnly = text.EndsWith('/');
            text = text.TrimEnd('/');
            if (syntax == IgnoreSyntax.Docker)
            {
                // Docker cleans the pattern as a path: leading '/' and './' go, and so does a trailing '/'.
                text = string.Join('/', text.Split('/').Where(s => s is not ("" or ".")));
                directoryOnly = false;
            }

            var anchored = text.StartsWith('/');
            text = text.TrimStart('/');
            if (text.Length == 0)
            {
                return null;
            }

            // Git: a pattern with no slash but at the end matches a name at any depth; anything else is a path from the root.
            var matchesName = syntax == IgnoreSyntax.Git && !anchored && !text.Contains('/');
            var regex = new Regex("^" + ToRegex(text) + "$", RegexOptions.CultureInvariant, MatchTimeout);
            return new Pattern(regex, negated, directoryOnly, matchesName, text.Split('/').Length, syntax);
        }

        public bool Matches(string path, bool isDirectory)
        {
            if (Syntax == IgnoreSyntax.Docker)
            {
                // Docker: the path itself, or the folder holding it that is as deep as the pattern.
                if (Regex.IsMatch(path))
                {
                    return true;
                }

                var segments = path.Split('/');
                return Segments < segments.Length && Regex.IsMatch(string.Join('/', segments[..Segments]));
            }

            if (DirectoryOnly && !isDirectory)
            {
                return false;
            }

            return Regex.IsMatch(MatchesName ? path[(path.LastIndexOf('/') + 1)..] : path);
        }

        private static string ToRegex(string glob)
        {
            var regex = new StringBuilder();
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                switch (c)
                {
                    case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                        var atStart = i == 0 || glob[i - 1] == '/';
                        i++;
                        while (i + 1 < glob.Length && glob[i + 1] == '*')
                        {
                            i++;
                        }

                        if (atStart && i + 1 < glob.Length && glob[i + 1] == '/')
                        {
                            regex.Append("(?:.*/)?"); // "**/": zero or more folders
                            i++;
                        }
                        else if (atStart && i + 1 == glob.Length)
                        {
                            regex.Append(".*"); // "/**" at the end: everything inside
                        }
                        else
                        {
                            regex.Append("[^/]*"); // elsewhere Git reads "**" as a plain "*"
                        }

                        break;
                    case '*':
                        regex.Append("[^/]*");
                        break;
                    case '?':
                        regex.Append("[^/]");
                        break;
                    case '[' when i + 2 < glob.Length && glob.IndexOf(']', i + 2) is var close && close > i:
                        var set = glob[(i + 1)..close];
                        var negatedSet = set.StartsWith('!') || set.StartsWith('^');
                        regex.Append(negatedSet ? "[^" : "[").Append(EscapeSet(negatedSet ? set[1..] : set)).Append(']');
                        i = close;
                        break;
                    case '\\' when i + 1 < glob.Length:
                        regex.Append(Regex.Escape(glob[++i].ToString()));
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return regex.ToString();
        }

        private static string EscapeSet(string set) => set.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);

        private static string TrimUnescapedTrailingSpaces(string line)
        {
            var end = line.Length;
            while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
            {
                end--;
            }

            return line[..end].Replace("\\ ", " ", StringComparison.Ordinal);
        }
    }
}
