namespace Gantry.Cli.Bundling;

/// <summary>How an ignore file's patterns are read: as Git reads <c>.gitignore</c>, or as Docker reads <c>.dockerignore</c>.</summary>
public enum IgnoreSyntax
{
    /// <summary>A pattern without a slash matches a name at any depth; an ignored folder's contents cannot be re-included.</summary>
    Git,

    /// <summary>Every pattern is a path from the root; a pattern also matches what is inside the folders it matches, and <c>!</c> can re-include it.</summary>
    Docker,
}
