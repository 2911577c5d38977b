using Gantry.AppModel.Provisioners;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class ProvisionerCatalogTests
{
    private static string Folder(string name) => TestApp.CorpusFolder("provisioners", name);

    [Fact]
    public void Create_WithAPlatformFileOfTheSameTypeAndClass_ServesThePlatformsDefinitionInsteadOfTheBuiltIn()
    {
        var platform = ProvisionerFiles.Load(Folder("override"));

        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);

        Assert.Empty(platform.Errors);
        var postgres = catalog.Find("postgres", null)!;
        Assert.Equal("PostgreSQL on the platform team's tuned server", postgres.Description);
        Assert.Equal(Path.Combine(Folder("override"), "postgres.yaml"), postgres.Source);
        Assert.Null(postgres.Service!.Process);
        Assert.Single(catalog.Definitions, d => d.Type == "postgres" && d.Class == ProvisionerDefinition.DefaultClass);
    }

    [Fact]
    public void Load_ReadsYamlAndYmlFilesOnly_SkippingHiddenOnes_AndAddsClasses()
    {
        var platform = ProvisionerFiles.Load(Folder("override"));

        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);

        Assert.Equal(["postgres-small.yml", "postgres.yaml"], platform.Definitions.Select(d => Path.GetFileName(d.Source)).Order(StringComparer.Ordinal));
        Assert.Equal("A small PostgreSQL for tests", catalog.Find("postgres", "small")!.Description);
        Assert.Equal(["default", "small"], catalog.ClassesOf("postgres"));
        Assert.Null(catalog.Find("postgres", "large"));
    }

    [Fact]
    public void Load_WhenTwoFilesDefineTheSameTypeAndClass_ReportsBothFiles_AndServesNeither()
    {
        var folder = Folder("duplicate");

        var platform = ProvisionerFiles.Load(folder);
        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);

        var error = Assert.Single(platform.Errors);
        Assert.Equal(Path.Combine(folder, "b-memo.yaml"), error.File);
        Assert.Equal((3, 7, "type"), (error.Line, error.Column, error.Field));
        Assert.Contains(Path.Combine(folder, "a-memo.yaml"), error.Message, StringComparison.Ordinal);
        Assert.Empty(platform.Definitions);
        Assert.Null(catalog.Find("memo", null));
        var refused = catalog.FindRefused("memo", null)!;
        Assert.Equal<string>([Path.Combine(folder, "a-memo.yaml"), Path.Combine(folder, "b-memo.yaml")], refused.Sources);
        Assert.Contains("defined twice", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhenThePlatformsFileForABuiltInTypeIsBroken_ServesNeitherIt_NorTheBuiltInItMeantToReplace()
    {
        var platform = ProvisionerFiles.Load(Folder("broken-override"));

        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);

        Assert.Contains(platform.Errors, e => e.Field == "outputz" && e.Message.Contains("did you mean 'outputs'?", StringComparison.Ordinal));
        Assert.Null(catalog.Find("postgres", null));
        var refused = Assert.Single(catalog.Refused);
        Assert.Equal(("postgres", "default"), (refused.Type, refused.Class));
        Assert.Contains("has errors", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("outputz", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheFolderDoesNotExist_GivesNothing_AndTheBuiltInsStay()
    {
        var platform = ProvisionerFiles.Load(Folder("no-such-folder"));

        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), platform);

        Assert.True(platform.Succeeded);
        Assert.Empty(platform.Definitions);
        Assert.Equal(ProvisionerFiles.BuiltInPrefix + "postgres.yaml", catalog.Find("postgres", "default")!.Source);
        Assert.Contains("postgres", catalog.Types);
    }

    [Fact]
    public void Parse_WhenTheTextIsNotYaml_StillWithdrawsTheTypeItNames()
    {
        var result = ProvisionerFiles.Parse("type: redis\nclass: large\noutputs: [\n", "/data/provisioners/redis.yaml");

        Assert.False(result.Succeeded);
        Assert.StartsWith("/data/provisioners/redis.yaml:", result.Errors[0].ToString(), StringComparison.Ordinal);
        var refused = Assert.Single(result.Refused);
        Assert.Equal(("redis", "large"), (refused.Type, refused.Class));
    }

    [Fact]
    public void Parse_WhenTheFileIsEmpty_SaysSo()
    {
        var result = ProvisionerFiles.Parse("", "empty.yaml");

        Assert.Equal("empty.yaml:1:1: the file is empty", Assert.Single(result.Errors).ToString());
        Assert.Empty(result.Refused);
    }
}
