using Gantry.AppModel.Provisioners.Parsing;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Provisioners;

/// <summary>
/// Reads provisioner definitions: Gantry's built-in ones (embedded in this assembly, so the CLI has them too) and a
/// platform's folder (DATA/provisioners/*.yaml), whose files replace built-in definitions of the same type and class.
/// </summary>
public static class ProvisionerFiles
{
    public const string BuiltInPrefix = "built-in:";

    // Definitions are small; refusing huge files keeps a stray file from exhausting memory.
    public const int MaxFileLength = 1024 * 1024;

    private const string ResourcePrefix = "Gantry.AppModel.Provisioners.BuiltIn.";

    private static readonly Lazy<ProvisionerLoadResult> BuiltIn = new(ReadBuiltIn);

    /// <summary>Gantry's own definitions. They are tested, so an error in one is a bug in Gantry: it throws.</summary>
    public static ProvisionerLoadResult LoadBuiltIn() => BuiltIn.Value;

    /// <summary>
    /// Every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="folder"/> (none when it does not exist), in
    /// name order. A broken file, or two files for one type and class, withdraw that type and class (see <see cref="RefusedProvisioner"/>).
    /// </summary>
    public static ProvisionerLoadResult Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return ProvisionerLoadResult.Empty;
        }

        List<string> paths;
        try
        {
            paths = [.. Directory.EnumerateFiles(folder)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Collect([(folder, null, $"the folder could not be read: {ex.Message}")]);
        }

        return Collect(paths.Select(path => (Source: path, Text: ReadFile(path, out var problem), Problem: problem)));
    }

    /// <summary>One definition's text; <paramref name="source"/> names it in errors.</summary>
    public static ProvisionerLoadResult Parse(string text, string source) => Collect([(source, text, null)]);

    private static ProvisionerLoadResult ReadBuiltIn()
    {
        var assembly = typeof(ProvisionerFiles).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (Source: BuiltInPrefix + name[ResourcePrefix.Length..], Text: (string?)reader.ReadToEnd(), Problem: (string?)null);
            });
        var result = Collect(files);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("a built-in provisioner definition is broken:\n" + string.Join("\n", result.Errors));
        }

        return result;
    }

    private static string? ReadFile(string path, out string? problem)
    {
        problem = null;
        try
        {
            if (new FileInfo(path).Length > MaxFileLength)
            {
                problem = $"the file is larger than {MaxFileLength / 1024} KiB";
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"the file could not be read: {ex.Message}";
            return null;
        }
    }

    private static ProvisionerLoadResult Collect(IEnumerable<(string Source, string? Text, string? Problem)> files)
    {
        var errors = new ErrorList();
        var definitions = new List<ProvisionerDefinition>();
        var refused = new Dictionary<(string Type, string Class), RefusedProvisioner>();
        var firstSource = new Dictionary<(string Type, string Class), string>();
        foreach (var (source, text, problem) in files)
        {
            var fileErrors = errors.For(source);
            ProvisionerDefinition? definition = null;
            DefinitionKey? key = null;
            if (text is null)
            {
                fileErrors.Add(1, 1, "", problem ?? "the file could not be read");
            }
            else
            {
                definition = ProvisionerDefinitionParser.Parse(text, source, fileErrors, out key);
            }

            if (key is null)
            {
                continue;
            }

            var id = (key.Type, key.Class);
            if (firstSource.TryGetValue(id, out var first))
            {
                fileErrors.Add(key.Line, key.Column, "type",
                    $"type '{key.Type}' (class '{key.Class}') is also defined by {first}; keep one file per type and class (neither is used)");
                definitions.RemoveAll(d => (d.Type, d.Class) == id);
                refused[id] = refused.TryGetValue(id, out var earlier)
                    ? earlier with { Sources = earlier.Sources.Add(source) }
                    : new RefusedProvisioner(key.Type, key.Class, [first, source], []);
                definition = null;
            }
            else
            {
                firstSource[id] = source;
                if (definition is null)
                {
                    refused[id] = new RefusedProvisioner(key.Type, key.Class, [source], []);
                }
            }

            if (definition is not null && !refused.ContainsKey(id))
            {
                definitions.Add(definition);
            }

        }

        var all = errors.ToImmutable();
        return new ProvisionerLoadResult(
            [.. definitions],
            [.. refused.Values.Select(r => r with { Errors = [.. all.Where(e => r.Sources.Contains(e.File))] })],
            all);
    }
}
