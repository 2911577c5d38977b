using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.Compose;

/// <summary>The import a Compose file gives, or the errors that refuse it.</summary>
public sealed record ComposeImportResult(ComposeImport? Import, ImmutableArray<SpecError> Errors, ImmutableArray<SpecError> Warnings);

/// <summary>Imports a Compose file into gantry.yaml and Score files (<c>gantry import</c>); deploys read it through <see cref="AppLoader"/>.</summary>
public static class ComposeFiles
{
    public static ComposeImportResult Import(IAppFiles files, string composeFile, ComposeImportOptions options)
    {
        var errors = new ErrorList();
        var fileErrors = errors.For(composeFile);
        ComposeImport? import = null;
        if (files.ReadText(composeFile) is not { } text)
        {
            fileErrors.Add(1, 1, "", $"file '{composeFile}' not found");
        }
        else if (text.Length > AppReader.MaxFileLength)
        {
            fileErrors.Add(1, 1, "", $"the file is larger than {AppReader.MaxFileLength / 1024} KiB");
        }
        else if (YamlDocumentReader.Read(text, fileErrors) is { } root)
        {
            if (ComposeImporter.IsCompose(root))
            {
                import = ComposeImporter.Import(files, composeFile, root, errors, options);
            }
            else
            {
                fileErrors.Add(root, "services", "not a Compose file: it has no 'services' mapping");
            }
        }

        var found = errors.ToImmutable();
        return new ComposeImportResult(found.IsEmpty ? import : null, found, [.. errors.Warnings.Distinct()]);
    }
}
