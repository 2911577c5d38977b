using System.Collections.Immutable;
using System.IO.Compression;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>
/// Builds a folder with a <c>pom.xml</c> (Maven: <c>./mvnw</c> when present, else <c>mvn</c>) or a <c>build.gradle</c>
/// (Gradle: <c>./gradlew</c> when present, else <c>gradle</c>), tests skipped, and runs the built jar that names a
/// Main-Class with <c>java -jar</c>. The tools' own settings (a local Maven repository in <c>MAVEN_OPTS</c> or
/// settings.xml) apply.
/// </summary>
public sealed class JavaBuilder : ISourceBuilder
{
    private static readonly string[] GradleFiles = ["build.gradle", "build.gradle.kts"];
    private static readonly string[] MavenArguments = ["-B", "-DskipTests", "package"];
    private static readonly string[] GradleArguments = ["--no-daemon", "-q", "assemble"];

    public string Name => "java";

    public string Fingerprint => "java";

    public bool Detects(BuildRequest request) =>
        File.Exists(Path.Combine(request.SourceDirectory, "pom.xml")) || GradleFiles.Any(f => File.Exists(Path.Combine(request.SourceDirectory, f)));

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        // Where it really is: an image made from this machine's Java holds it there, not behind /usr/bin's links.
        var java = Tools.RealPath(Tools.OnPath("java") ?? throw new BuildFailedException("a Java project was found but Java is not installed; install a JDK (apt-get install default-jdk)"));
        var work = Path.Combine(context.ArtifactDirectory, "work");
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, work, context.Request.Ignored);
        var maven = File.Exists(Path.Combine(work, "pom.xml"));
        var (tool, arguments, outputs) = maven
            ? (Tool(work, "mvnw", "mvn") ?? throw Missing("pom.xml", "Maven (mvn)", "mvnw", "maven"), MavenArguments, "target")
            : (Tool(work, "gradlew", "gradle") ?? throw Missing("build.gradle", "Gradle", "gradlew", "gradle"), GradleArguments, Path.Combine("build", "libs"));
        var name = Path.GetFileName(tool[^1]);
        await BuildStep.RunAsync(
            $"{name} {string.Join(' ', arguments)}", tool[0], [.. tool.Skip(1), .. arguments], work, new Dictionary<string, string>(), context.Output, cancellationToken);

        var jar = RunnableJar(Path.Combine(work, outputs));
        Directory.CreateDirectory(app);
        File.Copy(jar, Path.Combine(app, "app.jar"));
        Directory.Delete(work, recursive: true);

        // Spring Boot reads server.port; other apps read $PORT themselves.
        var launch = Procfile.Launch($"{java} -Dserver.port=\"${{PORT:-8080}}\" $JAVA_OPTS -jar app.jar", app, ImmutableDictionary<string, string>.Empty);
        return new BuiltApp(launch, $"Java ({(maven ? "pom.xml, Maven" : "build.gradle, Gradle")}: {name})", $"java -jar {Path.GetFileName(jar)}");
    }

    /// <summary>The project's wrapper script (run by sh: it may have lost its executable bit), else the tool on PATH.</summary>
    private static string[]? Tool(string work, string wrapper, string tool)
    {
        var script = Path.Combine(work, wrapper);
        return File.Exists(script) ? ["/bin/sh", script] : Tools.OnPath(tool) is { } path ? [path] : null;
    }

    private static BuildFailedException Missing(string file, string tool, string wrapper, string package) =>
        new($"{file} found but {tool} is not installed and there is no ./{wrapper}; install it (apt-get install {package}) or add the wrapper");

    /// <summary>The jar whose manifest names a Main-Class (the largest, when a plain and a repackaged one both do).</summary>
    private static string RunnableJar(string folder)
    {
        var jars = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.jar").Where(j => !j.EndsWith("-sources.jar", StringComparison.Ordinal) && !j.EndsWith("-javadoc.jar", StringComparison.Ordinal)).ToList()
            : [];
        if (jars.Count == 0)
        {
            throw new BuildFailedException($"the build made no jar in {folder.Replace('\\', '/')}; is the project's packaging 'jar'?");
        }

        return jars.Where(HasMainClass).OrderByDescending(j => new FileInfo(j).Length).FirstOrDefault()
            ?? throw new BuildFailedException(
                $"no jar the build made names a Main-Class ({string.Join(", ", jars.Select(Path.GetFileName))}); set it (maven-jar-plugin's archive manifest mainClass, Spring Boot's plugin, or Gradle's jar manifest) or set 'command' in the Score file");
    }

    private static bool HasMainClass(string jar)
    {
        try
        {
            using var archive = ZipFile.OpenRead(jar);
            var manifest = archive.GetEntry("META-INF/MANIFEST.MF");
            if (manifest is null)
            {
                return false;
            }

            using var reader = new StreamReader(manifest.Open());
            return reader.ReadToEnd().Split('\n').Any(l => l.StartsWith("Main-Class:", StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
