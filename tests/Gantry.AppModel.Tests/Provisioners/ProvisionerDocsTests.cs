using System.Text.RegularExpressions;
using Gantry.AppModel.Provisioners;

namespace Gantry.AppModel.Tests.Provisioners;

/// <summary>docs/provisioners.md's complete definitions are real: they load as written, and its memcached class variant too.</summary>
public sealed partial class ProvisionerDocsTests
{
    [GeneratedRegex(@"```yaml\n(apiVersion: gantry\.dev/v1\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex CompleteDefinition();

    private static string Memcached()
    {
        var docs = File.ReadAllText(Path.Combine(TestApp.RepositoryRoot(), "docs", "provisioners.md"));
        return Assert.Single(CompleteDefinition().Matches(docs)).Groups[1].Value;
    }

    [Fact]
    public void WorkedMemcachedType_LoadsAsWritten()
    {
        var result = ProvisionerFiles.Parse(Memcached(), "memcached.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var memcached = Assert.Single(result.Definitions);
        Assert.Equal(("memcached", "default"), (memcached.Type, memcached.Class));
        Assert.Equal(["host", "port", "prefix"], memcached.Outputs.Select(o => o.Name));
        Assert.Equal("memcache", memcached.Service!.Process!.User);
    }

    [Fact]
    public void WorkedMemcachedType_LargeClass_AsDescribed_JoinsTheDefaultInACatalog()
    {
        var large = Memcached()
            .Replace("type: memcached\n", "type: memcached\nclass: large\n", StringComparison.Ordinal)
            .Replace("(64 MB)", "(1 GB)", StringComparison.Ordinal)
            .Replace("\"-m\", \"64\"", "\"-m\", \"1024\"", StringComparison.Ordinal);

        var platform = ProvisionerFiles.Parse(Memcached(), "memcached.yaml");
        var largeResult = ProvisionerFiles.Parse(large, "memcached-large.yaml");
        var catalog = new ProvisionerCatalog([.. platform.Definitions, .. largeResult.Definitions]);

        Assert.Equal(["default", "large"], catalog.ClassesOf("memcached"));
        Assert.Contains("1024", catalog.Find("memcached", "large")!.Service!.Process!.Run);
        Assert.Contains("1024", catalog.Find("memcached", "large")!.Service!.Container!.Command);
    }
}
