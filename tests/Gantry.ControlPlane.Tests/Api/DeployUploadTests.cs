using System.Formats.Tar;
using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Hostile bundles posted to the real server: each is refused with 400 or 413 naming the entry or the limit, nothing
/// lands outside the app's incoming folder, and nothing of the upload is left behind.
/// </summary>
public sealed class DeployUploadTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("gantry-upload");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_root.Combine("data"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task ABundleOfFilesAndFolders_IsUnpackedAndDeployed()
    {
        var bundle = CraftedBundle.Tar(w =>
        {
            w.WriteEntry(CraftedBundle.Entry(TarEntryFormat.Pax, TarEntryType.Directory, "config/"));
            w.WriteEntry(CraftedBundle.File("./config/app.json", "{}"));
        });

        var (status, detail) = await PostAsync(bundle);

        Assert.True(status == HttpStatusCode.Accepted, detail);
        Assert.True(File.Exists(Path.Combine(_server.DataPath, "sources", "web", "1", "config", "app.json")));
    }

    [Fact]
    public async Task AFileWhoseSizeIsGivenByAPaxRecord_IsUnpackedWhole_EvenIfItsContentLooksLikeAHeader()
    {
        // The header's size field says 0 and the PAX record before it says 512: readers must follow the record, and
        // the content (a tar header of a 1 GB metadata entry) is data, not a header to refuse.
        var score = System.Text.Encoding.UTF8.GetBytes(CraftedBundle.Score);
        var content = CraftedBundle.Header("fake", 'x', 1L << 30);
        var bundle = CraftedBundle.Gzip(
            CraftedBundle.Header("score.yaml", '0', score.Length), Padded(score),
            CraftedBundle.Header("PaxHeaders/notes.bin", 'x', 12), Padded("12 size=512\n"u8.ToArray()),
            CraftedBundle.Header("notes.bin", '0', 0), content,
            new byte[1024]);

        var (status, detail) = await PostAsync(bundle);

        Assert.True(status == HttpStatusCode.Accepted, detail);
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_server.DataPath, "sources", "web", "1", "notes.bin")));
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("../../escaped.txt")]
    [InlineData("../../../escaped.txt")]
    [InlineData("../../../../escaped.txt")]
    [InlineData("../../../../../gantry-upload-escape-sentinel.txt")]
    [InlineData("config/../../escaped.txt")]
    [InlineData("./../escaped.txt")]
    [InlineData("..\\..\\escaped.txt")]
    public async Task AnEntryWithDotDot_IsRefusedNamingIt_AndNothingLandsWhereItAimed(string name)
    {
        var trace = UploadTrace.Take(_root.Path);

        var (status, detail) = await PostAsync(CraftedBundle.Tar(w => w.WriteEntry(CraftedBundle.File(name, "escaped"))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"entry '{name}'", detail);
        Assert.Contains("'..'", detail);
        trace.AssertNothingWritten(trace.Landing(name));
    }

    [Fact]
    public async Task AnEntryWithAnAbsolutePath_IsRefused_AndNothingIsWrittenThere()
    {
        var target = _root.Combine("absolute-escape.txt");
        var trace = UploadTrace.Take(_root.Path);

        var (status, detail) = await PostAsync(CraftedBundle.Tar(w => w.WriteEntry(CraftedBundle.File(target, "escaped"))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"entry '{target}'", detail);
        Assert.Contains("absolute path", detail);
        trace.AssertNothingWritten(target);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "a symbolic link")]
    [InlineData(TarEntryType.HardLink, "a hard link")]
    public async Task ALink_IsRefused_AndNothingIsWrittenThroughIt(TarEntryType type, string described)
    {
        var outside = _root.Combine("outside");
        Directory.CreateDirectory(outside);
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Tar(w =>
        {
            var link = CraftedBundle.Entry(TarEntryFormat.Pax, type, "link");
            link.LinkName = type == TarEntryType.SymbolicLink ? outside : "score.yaml";
            w.WriteEntry(link);
            w.WriteEntry(CraftedBundle.File("link/planted.txt", "through the link"));
        });

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"entry 'link' was refused: it is {described}", detail);
        trace.AssertNothingWritten(Path.Combine(outside, "planted.txt"));
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice, "a character device")]
    [InlineData(TarEntryType.BlockDevice, "a block device")]
    [InlineData(TarEntryType.Fifo, "a FIFO (named pipe)")]
    public async Task ADeviceOrFifo_IsRefusedNamingIt(TarEntryType type, string described)
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Tar(w =>
        {
            var special = (PaxTarEntry)CraftedBundle.Entry(TarEntryFormat.Pax, type, "dev/null");
            if (type != TarEntryType.Fifo)
            {
                (special.DeviceMajor, special.DeviceMinor) = (1, 3);
            }

            w.WriteEntry(special);
        });

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"entry 'dev/null' was refused: it is {described}", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task AnEntryOfAnUnknownType_IsRefused()
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Gzip(CraftedBundle.Header("odd", 'V', 0), new byte[1024]);

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'odd'", detail);
        trace.AssertNothingWritten();
    }

    [Theory]
    [InlineData("bell\u0007.txt", "bell\\u0007.txt", TarEntryFormat.Pax)]
    [InlineData("nul\0byte.txt", "nul\\u0000byte.txt", TarEntryFormat.Pax)]
    [InlineData("new\nline.txt", "new\\u000aline.txt", TarEntryFormat.Ustar)] // a PAX record cannot hold a newline
    public async Task AnEntryNameWithAControlCharacter_IsRefusedAndShownEscaped(string name, string shown, TarEntryFormat format)
    {
        var trace = UploadTrace.Take(_root.Path);

        var (status, detail) = await PostAsync(CraftedBundle.Tar(w => w.WriteEntry(CraftedBundle.File(name, "x", format)), format));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"entry '{shown}' was refused: its name contains a control character", detail);
        trace.AssertNothingWritten();
    }

    [Theory]
    [InlineData(1100, 50, "its path is longer than 1024 bytes")]
    [InlineData(300, 300, "a name in its path is longer than 255 bytes")]
    public async Task AnOverlongPath_IsRefused(int length, int segment, string reason)
    {
        var name = string.Join('/', Enumerable.Range(0, length / segment).Select(i => new string((char)('a' + (i % 26)), segment)));
        var trace = UploadTrace.Take(_root.Path);

        var (status, detail) = await PostAsync(CraftedBundle.Tar(w => w.WriteEntry(CraftedBundle.File(name, "x"))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task ABundleOf100000Entries_IsRefusedWith413NamingTheLimit_AndLeavesNothing()
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Tar(
            w =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    w.WriteEntry(CraftedBundle.File($"f/{i}", "", TarEntryFormat.Ustar));
                }
            },
            TarEntryFormat.Ustar);

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("more than 10,000 entries", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task AnEntryClaimingMoreThanTheUnpackedLimit_IsRefusedWith413BeforeItsDataIsRead()
    {
        // 600 MB by its header alone: no data follows, so nothing of that size exists anywhere.
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Gzip(CraftedBundle.Header("big.bin", '0', 600L * 1024 * 1024), new byte[512]);

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 512 MB unpacked", detail);
        trace.AssertNothingWritten();
    }

    [Theory]
    [InlineData('x')]
    [InlineData('L')]
    public async Task AHugeTarMetadataEntry_IsRefusedBeforeTheReaderBuffersIt(char type)
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Gzip(CraftedBundle.Header("././@meta", type, 1L << 30), new byte[512]);

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"'{type}' header of 1 GB", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task ATruncatedBundle_IsRefusedSayingSo()
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Gzip(CraftedBundle.Header("score.yaml", '0', 4096), new byte[100]);

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ends early", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task AFileWhereTheBundleAlsoHasAFolder_IsRefused()
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Tar(w =>
        {
            w.WriteEntry(CraftedBundle.File("config", "a file"));
            w.WriteEntry(CraftedBundle.File("config/app.json", "{}"));
        });

        var (status, detail) = await PostAsync(bundle);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("entry 'config/app.json' was refused: 'config' is a file in the bundle too", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task SomethingThatIsNotAGzippedTar_IsRefusedWith400()
    {
        var trace = UploadTrace.Take(_root.Path);

        var (status, detail) = await PostAsync("this is not gzip"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("could not be read", detail);
        trace.AssertNothingWritten();
    }

    private static byte[] Padded(byte[] data) => [.. data, .. new byte[(512 - (data.Length % 512)) % 512]];

    private async Task<(HttpStatusCode Status, string Detail)> PostAsync(byte[] bundle)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("score.yaml"), "entry" },
            { new ByteArrayContent(bundle), "bundle", "app.tar.gz" },
        };
        using var response = await _server.Admin.PostAsync("api/v1/deploy", content);
        return await ProblemAsync(response);
    }

    /// <summary>The status and the problem's detail; any error must be problem+json.</summary>
    internal static async Task<(HttpStatusCode Status, string Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, body);
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode} answered {response.Content.Headers.ContentType}: {body}");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        return (response.StatusCode, problem.RootElement.GetProperty("detail").GetString()!);
    }
}
