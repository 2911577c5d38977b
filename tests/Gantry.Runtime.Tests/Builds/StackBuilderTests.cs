using Gantry.Runtime.Builds;
using Gantry.Runtime.Tests.TestSupport;
using Gantry.Testing;

namespace Gantry.Runtime.Tests.Builds;

/// <summary>Folders without a Dockerfile, built with the machine's real toolchains (python3, go, mvn, php, composer) and run.</summary>
public sealed class StackBuilderTests : IDisposable
{
    private readonly BuildSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task APythonApp_GetsAVirtualEnvironmentWithItsDependencyFromALocalIndex_AndAnswers()
    {
        SourceStackApps.WritePython(_sandbox.Source);
        var output = new Collected();

        var artifact = await _sandbox.BuildAsync(output);

        Assert.Equal("python", artifact.Builder);
        Assert.Matches(@"^Python 3\.\d+\.\d+ \(requirements\.txt\), started by python app\.py$", artifact.Stack);
        Assert.Contains(output.Lines, l => l == "$ pip install -r requirements.txt");
        Assert.Contains(output.Lines, l => l == "detected " + artifact.Stack);
        Assert.True(File.Exists(Path.Combine(artifact.Directory, "venv", "bin", "python")));
        Assert.Equal("hello from python", await _sandbox.GetAsync(artifact.Launch));
    }

    [Fact]
    public async Task AProcfile_ReplacesTheDetectedStartCommand_AndSeesTheVirtualEnvironmentAndPort()
    {
        _sandbox.Write("requirements.txt", "# the standard library is enough\n");
        _sandbox.Write("app.py", "print('not this one')\n");
        _sandbox.Write("Procfile", "# processes\nworker: python worker.py\nweb: python -c 'import os, sys; print(\"procfile on\", os.environ[\"PORT\"], sys.prefix == os.environ[\"VIRTUAL_ENV\"])'\n");

        var artifact = await _sandbox.BuildAsync();
        var output = await _sandbox.RunToExitAsync(artifact.Launch, 8080);

        Assert.EndsWith(", started by the Procfile's web process (python -c 'import os, sys; print(\"procfile on\", os.environ[\"PORT\"], sys.prefix == os.environ[\"VIRTUAL_ENV\"])')", artifact.Stack, StringComparison.Ordinal);
        Assert.Single(output, l => l.StartsWith("procfile on ", StringComparison.Ordinal) && l.EndsWith(" True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APythonVersionTheMachineLacks_IsAnErrorNamingTheFileAndWhatIsThere()
    {
        _sandbox.Write("requirements.txt", "");
        _sandbox.Write("app.py", "print('hi')\n");
        _sandbox.Write(".python-version", "3.99\n");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => _sandbox.BuildAsync());

        Assert.StartsWith(".python-version asks for Python 3.99, which this machine does not have (it has: 3.", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("install it (for example 'pyenv install 3.99') or change .python-version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APythonAppWithNothingToStart_SaysWhatToAdd()
    {
        _sandbox.Write("requirements.txt", "");
        _sandbox.Write("lib.py", "x = 1\n");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => _sandbox.BuildAsync());

        Assert.Equal("can't tell how to start this Python app: add a Procfile ('web: gunicorn app:app'), an app.py or main.py, or set 'command' in the Score file", error.Message);
    }

    [Fact]
    public async Task AMalformedProcfile_NamesItsLine()
    {
        _sandbox.Write("requirements.txt", "");
        _sandbox.Write("Procfile", "web: python app.py\nthis is not a process\n");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => _sandbox.BuildAsync());

        Assert.Equal("Procfile:2: expected 'NAME: COMMAND' (for example 'web: gunicorn app:app'), found 'this is not a process'", error.Message);
    }

    [Fact]
    public async Task AGoModule_IsBuiltFromItsOneCmdPackage_AndAnswers()
    {
        SourceStackApps.WriteGo(_sandbox.Source);

        var artifact = await _sandbox.BuildAsync();

        Assert.Equal("go", artifact.Builder);
        Assert.Matches(@"^Go 1\.\d+(\.\d+)? \(go\.mod, go 1\.19\), started by the binary of package \./cmd/server$", artifact.Stack);
        Assert.Equal(Path.Combine(artifact.Directory, "bin", "server"), artifact.Launch.FileName);
        Assert.Equal("hello from go", await _sandbox.GetAsync(artifact.Launch));
    }

    [Fact]
    public async Task AGoModuleAskingForANewerGo_IsAnErrorNamingBothVersions()
    {
        SourceStackApps.WriteGo(_sandbox.Source);
        _sandbox.Write("go.mod", "module example.com/hello\n\ngo 1.99\n");

        var error = await Assert.ThrowsAsync<BuildFailedException>(() => _sandbox.BuildAsync());

        Assert.Matches(@"^go\.mod asks for Go 1\.99 \(its 'go' line\) but this machine has Go 1\.\d+", error.Message);
    }

    [Fact]
    public async Task AMavenProject_IsPackagedOffline_AndItsJarAnswers()
    {
        SourceStackApps.WriteJava(_sandbox.Source);
        var output = new Collected();

        var artifact = await _sandbox.BuildAsync(output);

        Assert.Equal("java", artifact.Builder);
        Assert.Equal("Java (pom.xml, Maven: mvn), started by java -jar hello-1.0.jar", artifact.Stack);
        Assert.Contains(output.Lines, l => l == "$ mvn -B -DskipTests package");
        Assert.False(Directory.Exists(Path.Combine(artifact.Directory, "work")));
        Assert.Equal("hello from java", await _sandbox.GetAsync(artifact.Launch));
    }

    [Fact]
    public async Task APhpApp_IsInstalledWithComposer_AndServedFromPublic()
    {
        SourceStackApps.WritePhp(_sandbox.Source);

        var artifact = await _sandbox.BuildAsync();

        Assert.Equal("php", artifact.Builder);
        Assert.Equal("PHP (composer.json), started by PHP's built-in server on public/", artifact.Stack);
        Assert.True(File.Exists(Path.Combine(artifact.Directory, "app", "vendor", "autoload.php")));
        Assert.Equal("hello from php", await _sandbox.GetAsync(artifact.Launch));
    }

    [Fact]
    public async Task ABareIndexPhp_IsServedFromTheFolder()
    {
        _sandbox.Write("index.php", "<?php echo 'bare ' . (isset($_GET['x']) ? $_GET['x'] : '');");

        var artifact = await _sandbox.BuildAsync();

        Assert.Equal("PHP (index.php), started by PHP's built-in server on the folder", artifact.Stack);
        Assert.Equal("bare 7", await _sandbox.GetAsync(artifact.Launch, "/?x=7"));
    }
}
