namespace Gantry.Cli.Tests.Console;

/// <summary>
/// The tests that drive Chromium run one at a time: twice in this session's runs, the single sign-on test's page never
/// finished loading (90 s) while the console journey ran its own browser beside it, and it passed in every run
/// where the two did not overlap.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Chromium";
}
