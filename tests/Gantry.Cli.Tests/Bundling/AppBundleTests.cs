using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;
using Gantry.AppModel.Loading;
using Gantry.Cli.Bundling;
using Gantry.ControlPlane.Deploy;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Bundling;

/// <summary>What goes into a deploy's bundle, on real folders: the app's own files, its build contexts as their ignore files say, never special files.</summary>
public sealed class AppBundleTests : IDisposable
{
    private const string ImageOnlyScore = """
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          main:
            image: nginx:1.27
            files:
              /etc/app/config.json:
                source: config/app.json
        """;

    private readonly TempDirectory _temp = new("gantry-bundle-test");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheBundleFile_IsCreatedReadableByItsOwnerOnly_AndIsGoneOnceDisposed()
    {
        Write("a.txt", "a");
        string path;
        await using (var bundle = await AppBundle.WriteAsync(AppBundle.ForFolder(_temp.Path), CancellationToken.None))
        {
            path = bundle.Stream.Name;
            Assert.True(File.Exists(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(0, bundle.Stream.Position);
        }

        Assert.False(File.Exists(path), "the bundle was left in the temp folder");
    }

    [Fact]
    public async Task AnImageOnlyApp_UploadsItsScoreFileAndTheFilesItNames_AndNothingElseOfTheFolder()
    {
        Write("score.yaml", ImageOnlyScore);
        Write("config/app.json", "{}");
        Write(".env", "SECRET=hunter2");
        Write("notes.txt", "private");
        Write("config/other.json", "{}");

        var entries = await EntriesAsync(LoadAndCollect("score.yaml"));

        Assert.Equal(["config/app.json", "score.yaml"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AGantryFile_UploadsItsScoreFilesAndJwksFiles_AndTheBuildContextOfEachSourceWorkload()
    {
        Write("gantry.yaml", """
            name: shop
            workloads:
              - score: api/score.yaml
                routes:
                  route:
                    auth:
                      jwt:
                        issuer: https://issuer.example
                        audience: shop
                        jwksFile: keys/jwks.json
              - score: db/score.yaml
            """);
        Write("api/score.yaml", """
            apiVersion: score.dev/v1b1
            metadata:
              name: api
            service:
              ports:
                http:
                  port: 80
                  targetPort: 8080
            containers:
              main:
                image: .
            resources:
              route:
                type: route
                params:
                  host: shop.localhost
                  path: /
                  port: 80
            """);
        Write("api/server.js", "console.log(1)");
        Write("api/node_modules/x/index.js", "x");
        Write("db/score.yaml", "apiVersion: score.dev/v1b1\nmetadata:\n  name: db\ncontainers:\n  main:\n    image: postgres:17\n");
        Write("db/dump.sql", "big");
        Write("keys/jwks.json", """{"keys": [{"kty": "RSA", "n": "x", "e": "AQAB"}]}""");
        Write("keys/private.pem", "secret");

        var entries = await EntriesAsync(LoadAndCollect("gantry.yaml"));

        Assert.Equal(["api/score.yaml", "api/server.js", "db/score.yaml", "gantry.yaml", "keys/jwks.json"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithoutAnIgnoreFile_BuildOutputPackagesEnvFilesGitAndLinksAreLeftOut()
    {
        Write("server.js", "1");
        Write("src/app.js", "2");
        Write(".env.example.md", "docs"); // .env.* covers it too: better one file too few than a secret too many
        Write("bin/Debug/app.dll", "x");
        Write("src/obj/x.cache", "x");
        Write("node_modules/left-pad/index.js", "x");
        Write(".env", "SECRET=1");
        Write("src/.env.local", "SECRET=2");
        Write(".git/config", "x");
        Write("sub/.git", "gitdir: ../.git/modules/sub"); // a submodule's .git is a file
        Write(".gantry/state", "x");
        File.CreateSymbolicLink(_temp.Combine("passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(_temp.Combine("etc"), "/etc");

        var entries = await EntriesAsync(AppBundle.ForFolder(_temp.Path));

        Assert.Equal(["server.js", "src/app.js"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AGantryIgnore_IsHonoured_BeforeADockerIgnore_WithNegationsAndFolderPatterns()
    {
        Write(".gantryignore", "# build output\n*.log\n!keep.log\nsecrets/\n/build\n");
        Write(".dockerignore", "*\n");
        Write("server.js", "1");
        Write("debug.log", "x");
        Write("keep.log", "kept");
        Write("secrets/key.pem", "x");
        Write("build/out.js", "x");
        Write("src/build/tool.js", "anchored /build leaves this one in");
        Write(".env", "no default rules once an ignore file exists");

        var entries = await EntriesAsync(AppBundle.ForFolder(_temp.Path));

        Assert.Equal([".dockerignore", ".env", ".gantryignore", "keep.log", "server.js", "src/build/tool.js"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADockerIgnore_IsReadAsDockerReadsIt()
    {
        Write(".dockerignore", "*\n!src\n!package.json\n");
        Write(".gitignore", "src/\n");
        Write("package.json", "{}");
        Write("src/index.js", "1");
        Write("src/lib/util.js", "2");
        Write("README.md", "x");

        var entries = await EntriesAsync(AppBundle.ForFolder(_temp.Path));

        Assert.Equal(["package.json", "src/index.js", "src/lib/util.js"], entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SocketsAndFifos_AreSkippedWithAWarningEach_AndTheBundleIsStillWritten()
    {
        Write("server.js", "1");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_temp.Combine("sock")));
        using (var mkfifo = Process.Start("mkfifo", _temp.Combine("pipe")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var contents = AppBundle.ForFolder(_temp.Path);
        var entries = await EntriesAsync(contents);

        Assert.Equal(["server.js"], entries.Keys);
        Assert.Equal(["skipped pipe: a FIFO (named pipe) cannot be uploaded", "skipped sock: a socket cannot be uploaded"], contents.Warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheBundle_KeepsContentsAndTheExecutableBit_AndDropsSetIdBits()
    {
        Write("run.sh", "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(_temp.Combine("run.sh"), (UnixFileMode)0b100_111_101_101); // setuid + 0755

        var entries = await EntriesAsync(AppBundle.ForFolder(_temp.Path));

        Assert.Equal("#!/bin/sh\necho hi\n", entries["run.sh"].Content);
        Assert.Equal((UnixFileMode)0b111_101_101, entries["run.sh"].Mode);
    }

    [Fact]
    public void TheLimitCheck_RefusesTooManyOrTooLargeFiles_NamingTheLimitAndTheLargest()
    {
        Write("a.bin", new string('a', 3000));
        Write("b.txt", "b");
        var contents = AppBundle.ForFolder(_temp.Path);

        var tooMany = UploadCheck.Refusal(contents, new UploadLimits(1 << 20, 1 << 20, 1, 1 << 20));
        var tooLarge = UploadCheck.Refusal(contents, new UploadLimits(1 << 20, 2048, 10, 1 << 20));

        Assert.Contains("at most 1", tooMany);
        Assert.Contains("at most 2 KB", tooLarge);
        Assert.Contains("a.bin (2.9 KB)", tooLarge);
        Assert.Null(UploadCheck.Refusal(contents, UploadLimits.Default));
    }

    private BundleContents LoadAndCollect(string entry)
    {
        var files = new RecordingAppFiles(new DirectoryAppFiles(_temp.Path));
        var loaded = AppLoader.Load(files, entry);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return AppBundle.ForApp(_temp.Path, files.Found, loaded.App.Workloads.SelectMany(w => w.Containers).Select(c => c.BuildContext).OfType<string>());
    }

    private void Write(string relative, string content)
    {
        var path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>The bundle as the server will read it: each entry's content and mode.</summary>
    private static async Task<Dictionary<string, (string Content, UnixFileMode Mode)>> EntriesAsync(BundleContents contents)
    {
        await using var bundle = await AppBundle.WriteAsync(contents, CancellationToken.None);
        var entries = new Dictionary<string, (string, UnixFileMode)>(StringComparer.Ordinal);
        await using var gzip = new GZipStream(bundle.Stream, CompressionMode.Decompress, leaveOpen: true);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            Assert.Equal(TarEntryType.RegularFile, entry.EntryType);
            using var text = new StreamReader(entry.DataStream!);
            entries[entry.Name] = (await text.ReadToEndAsync(), entry.Mode);
        }

        Assert.Equal(bundle.Files, entries.Count);
        return entries;
    }
}
