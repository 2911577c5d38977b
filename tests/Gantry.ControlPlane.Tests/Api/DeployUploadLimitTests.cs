using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// The upload limits reached for real, with small limits injected so no test sends hundreds of megabytes: each answer
/// is a 413 problem naming the limit, and nothing of the upload is left behind.
/// </summary>
public sealed class DeployUploadLimitTests : IAsyncLifetime
{
    private static readonly UploadLimits Small = new(MaxBundleBytes: 64 * 1024, MaxUnpackedBytes: 16 * 1024, MaxEntries: 50, MaxJsonBytes: 32 * 1024);

    private readonly TempDirectory _root = new("gantry-limits");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_root.Combine("data"), uploads: Small);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [InlineData(100 * 1024, true)] // read, then found larger than the bundle limit
    [InlineData(300 * 1024, true)] // refused by its Content-Length before it is read
    [InlineData(300 * 1024, false)] // chunked, no length: Kestrel stops reading at the limit
    public async Task ABundleLargerThanTheLimit_Answers413ProblemNamingIt(int size, bool withLength)
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = RandomNumberGenerator.GetBytes(size); // random: gzip cannot shrink it, and neither can anything else
        using HttpContent part = withLength ? new ByteArrayContent(bundle) : new UnknownLengthContent(bundle);
        using var content = new MultipartFormDataContent { { new StringContent("score.yaml"), "entry" }, { part, "bundle", "app.tar.gz" } };

        using var response = await _server.Admin.PostAsync("api/v1/deploy", content);
        var (status, detail) = await DeployUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 64 KB", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task ABundleThatUnpacksLargerThanTheLimit_Answers413NamingIt()
    {
        var trace = UploadTrace.Take(_root.Path);
        var bundle = CraftedBundle.Tar(w =>
        {
            w.WriteEntry(CraftedBundle.File("a.txt", new string('a', 10 * 1024)));
            w.WriteEntry(CraftedBundle.File("b.txt", new string('b', 10 * 1024)));
        });
        Assert.True(bundle.Length < Small.MaxBundleBytes);

        using var content = new MultipartFormDataContent { { new StringContent("score.yaml"), "entry" }, { new ByteArrayContent(bundle), "bundle", "app.tar.gz" } };
        using var response = await _server.Admin.PostAsync("api/v1/deploy", content);
        var (status, detail) = await DeployUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 16 KB unpacked", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task JsonWithMoreFilesThanTheLimit_Answers413NamingIt()
    {
        var trace = UploadTrace.Take(_root.Path);
        var files = Enumerable.Range(0, 51).ToDictionary(i => $"f{i}.txt", _ => "x");
        files["score.yaml"] = CraftedBundle.Score;

        using var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));
        var (status, detail) = await DeployUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("52 files were sent; at most 50", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task JsonFilesLargerThanTheLimit_Answer413NamingIt()
    {
        var trace = UploadTrace.Take(_root.Path);
        var files = new Dictionary<string, string> { ["score.yaml"] = CraftedBundle.Score, ["big.txt"] = new string('x', 20 * 1024) };

        using var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));
        var (status, detail) = await DeployUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 16 KB", detail);
        trace.AssertNothingWritten();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AJsonBodyLargerThanTheLimit_Answers413NamingIt(bool withLength)
    {
        var trace = UploadTrace.Take(_root.Path);
        var body = JsonSerializer.SerializeToUtf8Bytes(new DeployFilesRequest("score.yaml", new Dictionary<string, string> { ["score.yaml"] = new string('x', 40 * 1024) }));
        using HttpContent content = withLength ? new ByteArrayContent(body) : new UnknownLengthContent(body);
        content.Headers.ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName };

        using var response = await _server.Admin.PostAsync("api/v1/deploy", content);
        var (status, detail) = await DeployUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 32 KB", detail);
        trace.AssertNothingWritten();
    }

    [Fact]
    public async Task AnUploadWithinTheLimits_IsStillDeployed()
    {
        var bundle = CraftedBundle.Tar(w => w.WriteEntry(CraftedBundle.File("notes.txt", new string('n', 4 * 1024))));
        using var content = new MultipartFormDataContent { { new StringContent("score.yaml"), "entry" }, { new ByteArrayContent(bundle), "bundle", "app.tar.gz" } };

        using var response = await _server.Admin.PostAsync("api/v1/deploy", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A body sent chunked: its length is not known up front, as from a pipe.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
