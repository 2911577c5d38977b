using System.CommandLine;
using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.Cli.Output;

namespace Gantry.Cli.Commands;

/// <summary><c>gantry import -f compose.yaml</c>: writes the gantry.yaml and Score files a compose file becomes, with a report of the mapping.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("-f", "--file") { Description = "The compose file", Required = true };
        var output = new Option<DirectoryInfo?>("-o", "--output") { Description = "Write the files here (default: beside the compose file, where the files it names are)" };
        var profiles = new Option<string[]>("--profile") { Description = "Also import the services of this Compose profile (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string?>("--name") { Description = "The app's name when the compose file has no 'name:' (default: the compose file's folder name, as Compose does)" };
        var provision = new Option<bool>("--provision") { Description = "Make postgres, mysql/mariadb, redis, rabbitmq and minio services resources the platform provisions, instead of workloads" };
        var force = new Option<bool>("--force") { Description = "Overwrite a gantry.yaml or Score file that is already there" };
        var command = new Command("import", ApiCommand.Describe(
            "Import a compose.yaml: writes a gantry.yaml and one Score file per service, and prints what was mapped, approximated and left out. Offline. "
            + "gantry deploy -f compose.yaml deploys the same without writing files.",
            "gantry import -f compose.yaml",
            "gantry import -f docker-compose.yml --profile worker --name shop --provision",
            "gantry import -f compose.yaml -o gantry/ --json"))
        {
            file, output, profiles, name, provision, force,
        };

        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Printer.Fail($"--file: {path} does not exist");
                return ExitCodes.InvalidInput;
            }

            var root = path.DirectoryName!;
            var options = new ComposeImportOptions(parse.GetValue(name) ?? new DirectoryInfo(root).Name, parse.GetValue(provision)) { Profiles = [.. parse.GetValue(profiles) ?? []] };
            var files = new DirectoryAppFiles(root);
            var result = ComposeFiles.Import(files, path.Name, options);
            // Checked against Gantry's built-in resource types: the platform's own are not known offline.
            var builtIn = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);
            var loaded = result.Import is null ? null : AppLoader.Load(files, path.Name, AppLoadOptions.Local with { Compose = options, Provisioners = builtIn });
            var errors = result.Import is null ? result.Errors : loaded!.Errors;
            if (errors.Length > 0)
            {
                Printer.Fail($"{path.Name} cannot be imported ({errors.Length} error{(errors.Length == 1 ? "" : "s")}); nothing was written:");
                foreach (var error in errors)
                {
                    Printer.Error.WriteLine($"  {error}");
                }

                return ExitCodes.InvalidInput;
            }

            var import = result.Import!;
            var target = parse.GetValue(output)?.FullName ?? root;
            if (Path.GetFullPath(target) != Path.GetFullPath(root) && import.RefersToFiles)
            {
                Printer.Fail($"--output: the app refers to files beside {path.Name} (build folders, mounted files), so its files must be written there; leave out --output");
                return ExitCodes.InvalidInput;
            }

            var written = import.Files.Select(f => (Path: Path.Combine(target, Path.GetFileName(f.Key)), f.Value)).ToList();
            if (!parse.GetValue(force) && written.Where(f => File.Exists(f.Path)).Select(f => Path.GetFileName(f.Path)).ToList() is { Count: > 0 } existing)
            {
                Printer.Fail($"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")} in {target}; add --force to overwrite");
                return ExitCodes.InvalidInput;
            }

            Directory.CreateDirectory(target);
            foreach (var (filePath, text) in written)
            {
                File.WriteAllText(filePath, text);
            }

            Report(import, written.Select(w => w.Path).ToList(), result.Warnings, parse.GetValue(CommonOptions.Json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Report(ComposeImport import, List<string> written, IReadOnlyList<SpecError> warnings, bool json)
    {
        var notes = import.Notes.Select(n => n.ToString()).ToHashSet(StringComparer.Ordinal);
        var others = warnings.Select(w => w.ToString()).Where(w => !notes.Contains(w)).ToList();
        if (json)
        {
            Printer.Json(new
            {
                app = import.AppName,
                files = written,
                services = import.Services,
                notes = import.Notes.Select(n => new { kind = n.Kind == ComposeNoteKind.Approximated ? "approximated" : "left-out", n.File, n.Line, n.Column, n.Field, n.Message }),
                warnings = others,
            });
            return;
        }

        Printer.Line($"imported [bold]{Printer.Escape(import.AppName)}[/]: wrote {Printer.Escape(string.Join(", ", written.Select(Path.GetFileName)))}");
        foreach (var service in import.Services)
        {
            Printer.Text($"  {service.Service} -> workload {service.Workload} ({Path.GetFileName(service.ScoreFile)}): {service.Summary}");
        }

        Section("approximated", import.Notes.Where(n => n.Kind == ComposeNoteKind.Approximated).Select(n => n.ToString()));
        Section("left out", import.Notes.Where(n => n.Kind == ComposeNoteKind.LeftOut).Select(n => n.ToString()));
        Section("warnings", others);
        Printer.Text($"deploy it with: gantry deploy -f {Path.GetRelativePath(Environment.CurrentDirectory, written[0])} --wait");
    }

    private static void Section(string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        Printer.Text($"{title}:");
        foreach (var line in list)
        {
            Printer.Text($"  {line}");
        }
    }
}
