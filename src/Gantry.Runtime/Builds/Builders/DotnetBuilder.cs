using System.Collections.Immutable;
using System.Xml.Linq;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>Builds a folder with one <c>*.csproj</c> by <c>dotnet publish -c Release</c>; starts it as <c>dotnet App.dll</c>.</summary>
public sealed class DotnetBuilder : ISourceBuilder
{
    private static readonly ImmutableDictionary<string, string> BuildEnvironment = ImmutableDictionary.CreateRange(new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1", // a reused MSBuild node would outlive the build and hold its output open
    });

    public string Name => "dotnet";

    public string Fingerprint => "dotnet";

    public bool Detects(BuildRequest request)
    {
        var projects = Projects(request.SourceDirectory);
        if (projects.Length > 1 && request.Command.IsDefaultOrEmpty)
        {
            var names = string.Join(", ", projects.Select(Path.GetFileName));
            throw new BuildFailedException(
                $"'{request.SourceDirectory}' has {projects.Length} projects ({names}); keep one in that folder or set 'command' in the Score file");
        }

        return projects.Length == 1;
    }

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var dotnet = Tools.Dotnet()
            ?? throw new BuildFailedException("a *.csproj was found but the .NET SDK (dotnet) is not installed");
        var project = Path.GetFileName(Projects(context.Request.SourceDirectory).Single());
        var work = Path.Combine(context.ArtifactDirectory, "work");
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, work, context.Request.Ignored);

        await BuildStep.RunAsync(
            $"dotnet publish {project} -c Release", dotnet,
            ["publish", Path.Combine(work, project), "-c", "Release", "-o", app, "--nologo", "--disable-build-servers"],
            work, BuildEnvironment, context.Output, cancellationToken);
        Directory.Delete(work, recursive: true);

        var dll = Path.Combine(app, AssemblyName(Path.Combine(context.Request.SourceDirectory, project)) + ".dll");
        if (!File.Exists(dll))
        {
            throw new BuildFailedException(
                $"dotnet publish {project} succeeded but made no {Path.GetFileName(dll)}; is it an application (OutputType Exe or an ASP.NET Core project)?");
        }

        return new BuiltApp(new LaunchCommand(dotnet, [dll], app, ImmutableDictionary<string, string>.Empty), $".NET ({project})");
    }

    private static string[] Projects(string directory) => [.. Directory.GetFiles(directory, "*.csproj").Order(StringComparer.Ordinal)];

    /// <summary>The project's AssemblyName when it sets one plainly; else the file name, as MSBuild does.</summary>
    private static string AssemblyName(string project)
    {
        try
        {
            var name = XDocument.Load(project).Descendants()
                .FirstOrDefault(e => e.Name.LocalName == "AssemblyName" && !string.IsNullOrWhiteSpace(e.Value))?.Value.Trim();
            if (name is not null && !name.Contains("$(", StringComparison.Ordinal))
            {
                return name;
            }
        }
        catch (System.Xml.XmlException)
        {
            // dotnet publish would have failed on it already
        }

        return Path.GetFileNameWithoutExtension(project);
    }
}
