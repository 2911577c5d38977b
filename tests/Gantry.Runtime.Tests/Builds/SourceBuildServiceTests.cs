using System.Collections.Immutable;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Tests.TestSupport;

namespace Gantry.Runtime.Tests.Builds;

public sealed class SourceBuildServiceTests : IDisposable
{
    private readonly BuildSandbox _sandbox = new();
    private readonly TempDirectory _temp;
    private readonly string _source;
    private readonly string _buildRoot;

    public SourceBuildServiceTests()
    {
        _temp = _sandbox.Temp;
        _source = _sandbox.Source;
        _buildRoot = _sandbox.BuildRoot;
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task AStaticSite_IsCopiedAndLaunchedWithTheStaticServer()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        _temp.Write("src/css/site.css", "body{}");

        var artifact = await Service().BuildAsync(Request(), new Collected(), CancellationToken.None);

        var site = Path.Combine(_buildRoot, artifact.Key, "site");
        Assert.Equal(("static", Path.Combine(_buildRoot, artifact.Key)), (artifact.Builder, artifact.Directory));
        Assert.Equal("/usr/local/bin/gantry", artifact.Launch.FileName);
        Assert.Equal<string>(["serve-static", "--root", site], artifact.Launch.Arguments);
        Assert.Equal(site, artifact.Launch.WorkingDirectory);
        Assert.Equal("body{}", File.ReadAllText(Path.Combine(site, "css", "site.css")));
        Assert.True(File.Exists(Path.Combine(artifact.Directory, "artifact.json")));
    }

    [Fact]
    public async Task BuildingTheSameSourcesAgain_ReusesTheArtifactWithoutBuilding()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        var first = await Service().BuildAsync(Request(), new Collected(), CancellationToken.None);
        var manifestWritten = File.GetLastWriteTimeUtc(Path.Combine(first.Directory, "artifact.json"));

        var output = new Collected();
        var second = await Service().BuildAsync(Request(), output, CancellationToken.None);

        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal([$"reused build {first.Key}"], output.Lines);
        Assert.Equal(manifestWritten, File.GetLastWriteTimeUtc(Path.Combine(first.Directory, "artifact.json")));
    }

    [Fact]
    public async Task TheKey_ChangesWithTheSourcesAndCommand_ButNotWithBuildOutputsOrGitData()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        var service = Service();
        var key = (await service.BuildAsync(Request(), new Collected(), CancellationToken.None)).Key;

        _temp.Write("src/bin/app.dll", "x");
        _temp.Write("src/obj/cache", "x");
        _temp.Write("src/node_modules/left-pad/index.js", "x");
        _temp.Write("src/.git/HEAD", "x");
        var ignoringOutputs = (await service.BuildAsync(Request(), new Collected(), CancellationToken.None)).Key;
        var withCommand = (await service.BuildAsync(Request(["sh", "-c", "true"]), new Collected(), CancellationToken.None)).Key;
        _temp.Write("src/index.html", "<h1>changed</h1>");
        var changed = (await service.BuildAsync(Request(), new Collected(), CancellationToken.None)).Key;

        Assert.Equal(key, ignoringOutputs);
        Assert.NotEqual(key, withCommand);
        Assert.NotEqual(key, changed);
        Assert.Equal(64, key.Length);
    }

    [Fact]
    public async Task TheAppsOwnDescriptionFiles_ChangeNeitherTheKeyNorTheArtifact()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        _temp.Write("src/score.yaml", "name: one");
        var service = Service();
        var first = await service.BuildAsync(Request() with { Ignored = ["score.yaml"] }, new Collected(), CancellationToken.None);

        _temp.Write("src/score.yaml", "name: two");
        var second = await service.BuildAsync(Request() with { Ignored = ["score.yaml"] }, new Collected(), CancellationToken.None);

        Assert.Equal(first.Key, second.Key);
        Assert.True(second.Reused);
        Assert.False(File.Exists(Path.Combine(first.Directory, "site", "score.yaml")), "a static site must not serve its Score file");
    }

    [Fact]
    public async Task ABuildKilledBeforeItsManifest_IsNeverReused()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        var first = await Service().BuildAsync(Request(), new Collected(), CancellationToken.None);
        File.Delete(Path.Combine(first.Directory, "artifact.json")); // what a kill mid-build leaves: files, no manifest
        _temp.Write($"builds/{first.Key}/site/half-copied.tmp", "x");

        var output = new Collected();
        var second = await Service().BuildAsync(Request(), output, CancellationToken.None);

        Assert.Equal(first.Key, second.Key);
        Assert.DoesNotContain(output.Lines, l => l.StartsWith("reused", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(second.Directory, "site", "half-copied.tmp")));
        Assert.True(File.Exists(Path.Combine(second.Directory, "artifact.json")));
    }

    [Fact]
    public async Task ConcurrentBuildsOfTheSameSources_BuildOnce()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");
        var (a, b) = (new Collected(), new Collected());

        var built = await Task.WhenAll(
            Service().BuildAsync(Request(), a, CancellationToken.None),
            Service().BuildAsync(Request(), b, CancellationToken.None));

        Assert.Equal(Describe(built[0]), Describe(built[1]));
        Assert.Equal(1, new[] { a, b }.Count(o => o.Lines.Any(l => l.StartsWith("building", StringComparison.Ordinal))));
        Assert.Equal(1, new[] { a, b }.Count(o => o.Lines.SequenceEqual([$"reused build {built[0].Key}"])));
    }

    [Fact]
    public async Task AFolderWithOnlyACommand_IsCopiedAndTheCommandRunsInTheArtifact()
    {
        _temp.Write("src/run.sh", "#!/bin/sh\necho \"args: $*\"; cat data.txt\n");
        File.SetUnixFileMode(_temp.Combine("src", "run.sh"), (UnixFileMode)0b111_101_101);
        _temp.Write("src/data.txt", "data from the sources");

        var artifact = await Service().BuildAsync(Request(["./run.sh", "one"], ["two"]), new Collected(), CancellationToken.None);
        var output = await RunToExitAsync(artifact.Launch);

        Assert.Equal("command", artifact.Builder);
        Assert.Equal(("./run.sh", Path.Combine(artifact.Directory, "app")), (artifact.Launch.FileName, artifact.Launch.WorkingDirectory));
        Assert.Equal<string>(["one", "two"], artifact.Launch.Arguments);
        Assert.Equal(["args: one two", "data from the sources"], output);
    }

    [Fact]
    public async Task ScoreCommand_ReplacesTheDetectedStartCommand_InTheArtifactsFolder()
    {
        _temp.Write("src/index.html", "<h1>hi</h1>");

        var artifact = await Service().BuildAsync(Request(["sh", "-c", "ls"], ["--", "x"]), new Collected(), CancellationToken.None);

        Assert.Equal(("static", "sh"), (artifact.Builder, artifact.Launch.FileName));
        Assert.Equal<string>(["-c", "ls", "--", "x"], artifact.Launch.Arguments);
        Assert.Equal(Path.Combine(artifact.Directory, "site"), artifact.Launch.WorkingDirectory);
    }

    [Fact]
    public async Task AFolderNoBuilderKnows_FailsWithWhatToAdd()
    {
        _temp.Write("src/README.md", "# nothing to run");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => Service().BuildAsync(Request(), new Collected(), CancellationToken.None));

        Assert.StartsWith($"can't tell how to build '{_source}': none of *.csproj, package.json, requirements.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderWithSeveralProjects_FailsUnlessACommandIsSet()
    {
        _temp.Write("src/Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _temp.Write("src/Worker.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => Service().BuildAsync(Request(), new Collected(), CancellationToken.None));
        var withCommand = await Service().BuildAsync(Request(["sh", "-c", "true"]), new Collected(), CancellationToken.None);

        Assert.Equal($"'{_source}' has 2 projects (Api.csproj, Worker.csproj); keep one in that folder or set 'command' in the Score file", error.Message);
        Assert.Equal("command", withCommand.Builder);
    }

    [Fact]
    public async Task ANodeAppWhoseBuildScriptFails_NamesTheStepAndEndsWithItsOutput()
    {
        _temp.Write("src/package.json", """
            { "name": "shop", "version": "1.0.0", "private": true,
              "scripts": { "build": "echo compiling && echo 'error: Unexpected token in app.ts' >&2 && exit 2", "start": "node server.js" } }
            """);

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => Service().BuildAsync(Request(), new Collected(), CancellationToken.None));

        Assert.StartsWith("npm run build failed with exit code 2:\n", error.Message);
        // stdout and stderr are separate pipes, so their lines may interleave either way; both are among the last lines
        Assert.Contains("\nerror: Unexpected token in app.ts", error.Message, StringComparison.Ordinal);
        Assert.Contains("\ncompiling", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_buildRoot));
    }

    [Fact]
    public async Task ANodeApp_IsInstalledAndStartedWithNpmStart()
    {
        _temp.Write("src/package.json", """{ "name": "shop", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }""");
        _temp.Write("src/server.js", "console.log('node app on port ' + process.env.PORT + ' in ' + process.env.NODE_ENV);");

        var artifact = await Service().BuildAsync(Request(), new Collected(), CancellationToken.None);
        var output = await RunToExitAsync(artifact.Launch, 3000);

        Assert.Equal("node", artifact.Builder);
        Assert.Contains(output, l => l.StartsWith("node app on port ", StringComparison.Ordinal) && l.EndsWith(" in production", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADotnetProject_IsPublishedAndItsLaunchCommandRunsIt()
    {
        _temp.Write("src/Hello.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>HelloGantry</AssemblyName>
              </PropertyGroup>
            </Project>
            """);
        _temp.Write("src/Program.cs", """System.Console.WriteLine($"hello from {typeof(Program).Assembly.GetName().Name} on port {System.Environment.GetEnvironmentVariable("PORT")}");""");
        var progress = new Collected();

        var artifact = await Service().BuildAsync(Request(), progress, CancellationToken.None);
        var output = await RunToExitAsync(artifact.Launch, 8080);

        Assert.Equal("dotnet", artifact.Builder);
        Assert.Equal(Path.Combine(artifact.Directory, "app", "HelloGantry.dll"), artifact.Launch.Arguments.Single());
        Assert.Contains(progress.Lines, l => l.StartsWith("$ dotnet publish Hello.csproj -c Release", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(artifact.Directory, "work")));
        Assert.Single(output, l => l.StartsWith("hello from HelloGantry on port ", StringComparison.Ordinal));
    }

    /// <summary>An artifact as text: records holding immutable arrays compare those by reference.</summary>
    private static string Describe(BuildArtifact artifact) =>
        $"{artifact.Key} {artifact.Builder} {artifact.Directory} {artifact.Launch.FileName} {string.Join(' ', artifact.Launch.Arguments)} " +
        $"{artifact.Launch.WorkingDirectory} {string.Join(' ', artifact.Launch.Environment)}";

    private SourceBuildService Service() => _sandbox.Service();

    private BuildRequest Request(ImmutableArray<string> command = default, ImmutableArray<string> args = default) => _sandbox.Request(command, args);

    private Task<IReadOnlyList<string>> RunToExitAsync(LaunchCommand launch, params int[] ports) => _sandbox.RunToExitAsync(launch, ports);
}
