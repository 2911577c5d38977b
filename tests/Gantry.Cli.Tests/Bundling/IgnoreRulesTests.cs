using Gantry.Cli.Bundling;

namespace Gantry.Cli.Tests.Bundling;

/// <summary>The ignore-file patterns, read as Git reads .gitignore (and .gantryignore) and as Docker reads .dockerignore.</summary>
public sealed class IgnoreRulesTests
{
    [Theory]
    [InlineData("*.log", "debug.log", true)]
    [InlineData("*.log", "deep/in/there/debug.log", true)]
    [InlineData("*.log", "debug.log.txt", false)]
    [InlineData("debug?.log", "debug1.log", true)]
    [InlineData("debug?.log", "debug10.log", false)]
    [InlineData("debug[0-9].log", "debug7.log", true)]
    [InlineData("debug[!0-9].log", "debug7.log", false)]
    [InlineData("debug[!0-9].log", "debugx.log", true)]
    [InlineData("secret.txt", "a/b/secret.txt", true)]
    [InlineData("/secret.txt", "secret.txt", true)]
    [InlineData("/secret.txt", "a/secret.txt", false)]
    [InlineData("docs/*.md", "docs/readme.md", true)]
    [InlineData("docs/*.md", "docs/deep/readme.md", false)]
    [InlineData("docs/*.md", "other/docs/readme.md", false)]
    [InlineData("**/cache.db", "cache.db", true)]
    [InlineData("**/cache.db", "x/y/cache.db", true)]
    [InlineData("logs/**", "logs/a/b.txt", true)]
    [InlineData("logs/**", "other/logs/a.txt", false)]
    [InlineData("a/**/b.txt", "a/b.txt", true)]
    [InlineData("a/**/b.txt", "a/x/y/b.txt", true)]
    [InlineData("a/**/b.txt", "c/a/x/b.txt", false)]
    [InlineData("\\#notacomment", "#notacomment", true)]
    [InlineData("\\!important", "!important", true)]
    [InlineData("trailing.txt   ", "trailing.txt", true)]
    [InlineData("space\\ ", "space ", true)]
    public void AGitPattern_MatchesFilesAsGitWould(string pattern, string path, bool ignored)
    {
        var rules = IgnoreRules.Parse(pattern, IgnoreSyntax.Git);

        Assert.Equal(ignored, rules.IsIgnored(path, isDirectory: false));
    }

    [Fact]
    public void CommentsAndBlankLines_AreNotPatterns()
    {
        var rules = IgnoreRules.Parse("# *.txt\n\n   \n#x\r\n", IgnoreSyntax.Git);

        Assert.False(rules.IsIgnored("a.txt", isDirectory: false));
        Assert.False(rules.IsIgnored("#x", isDirectory: false));
    }

    [Fact]
    public void ATrailingSlash_MatchesFoldersOnly()
    {
        var rules = IgnoreRules.Parse("build/\n", IgnoreSyntax.Git);

        Assert.True(rules.IsIgnored("build", isDirectory: true));
        Assert.True(rules.IsIgnored("src/build", isDirectory: true));
        Assert.False(rules.IsIgnored("build", isDirectory: false));
    }

    [Fact]
    public void ANegation_ReincludesWhatAnEarlierPatternIgnored_AndTheLastMatchWins()
    {
        var rules = IgnoreRules.Parse("*.log\n!keep.log\nkeep.log.bak\n*.tmp\n!*.tmp\n*.tmp\n", IgnoreSyntax.Git);

        Assert.True(rules.IsIgnored("debug.log", isDirectory: false));
        Assert.False(rules.IsIgnored("keep.log", isDirectory: false));
        Assert.False(rules.IsIgnored("sub/keep.log", isDirectory: false));
        Assert.True(rules.IsIgnored("x.tmp", isDirectory: false));
        Assert.False(rules.WalkIgnoredFolders); // Git: nothing inside an ignored folder comes back
    }

    [Fact]
    public void Docker_AnchorsEveryPatternAtTheRoot()
    {
        var rules = IgnoreRules.Parse("secret.txt\n*.md\n", IgnoreSyntax.Docker);

        Assert.True(rules.IsIgnored("secret.txt", isDirectory: false));
        Assert.False(rules.IsIgnored("a/secret.txt", isDirectory: false));
        Assert.True(rules.IsIgnored("README.md", isDirectory: false));
        Assert.False(rules.IsIgnored("docs/README.md", isDirectory: false));
    }

    [Fact]
    public void Docker_IgnoresWhatIsInsideAMatchedFolder_AndANegationCanBringItBack()
    {
        // The common allow-list: ignore everything, then let in the sources and the manifest.
        var rules = IgnoreRules.Parse("*\n!src\n!package.json\nsrc/**/*.test.js\n", IgnoreSyntax.Docker);

        Assert.True(rules.WalkIgnoredFolders);
        Assert.True(rules.IsIgnored("README.md", isDirectory: false));
        Assert.True(rules.IsIgnored("node_modules/x/index.js", isDirectory: false));
        Assert.False(rules.IsIgnored("package.json", isDirectory: false));
        Assert.False(rules.IsIgnored("src/index.js", isDirectory: false));
        Assert.False(rules.IsIgnored("src/lib/util.js", isDirectory: false));
        Assert.True(rules.IsIgnored("src/lib/util.test.js", isDirectory: false));
    }

    [Fact]
    public void Docker_ReadsLeadingSlashesAndDotSegmentsAsTheRoot()
    {
        var rules = IgnoreRules.Parse("/build/\n./tmp\n**/*.pyc\n", IgnoreSyntax.Docker);

        Assert.True(rules.IsIgnored("build/out.js", isDirectory: false));
        Assert.True(rules.IsIgnored("tmp", isDirectory: true));
        Assert.True(rules.IsIgnored("a/b/c.pyc", isDirectory: false));
        Assert.True(rules.IsIgnored("c.pyc", isDirectory: false));
    }

    [Fact]
    public void APatternThatIsNotAValidClass_IsReadLiterally()
    {
        var rules = IgnoreRules.Parse("a[b\n", IgnoreSyntax.Git);

        Assert.True(rules.IsIgnored("a[b", isDirectory: false));
        Assert.False(rules.IsIgnored("ab", isDirectory: false));
    }
}
