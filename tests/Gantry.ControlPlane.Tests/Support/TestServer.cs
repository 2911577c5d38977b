using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Hosting;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Support;

/// <summary>A real Gantry server in this process: gateway and admin API on 127.0.0.1 with OS-chosen ports, data in a temp folder.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly bool _ownsData;

    private TestServer(GantryServer server, TempDirectory? data, string dataPath)
    {
        Server = server;
        Data = data;
        _ownsData = data is not null;
        DataPath = dataPath;
        var token = File.ReadAllText(Path.Combine(dataPath, "admin-token")).Trim();
        Admin = new HttpClient { BaseAddress = server.AdminUrl };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Gateway = new HttpClient { BaseAddress = server.GatewayUrl };
    }

    public GantryServer Server { get; }

    public TempDirectory? Data { get; }

    public string DataPath { get; }

    public HttpClient Admin { get; }

    public HttpClient Gateway { get; }

    /// <param name="configure">Changes the server's options (for example to allow loopback JWKS URLs).</param>
    /// <param name="uploads">Smaller upload limits, to reach them without sending hundreds of megabytes.</param>
    public static async Task<TestServer> StartAsync(string? dataPath = null, Func<ServerOptions, ServerOptions>? configure = null, UploadLimits? uploads = null)
    {
        var temp = dataPath is null ? new TempDirectory("gantry-cp") : null;
        var path = dataPath ?? temp!.Path;
        var options = new ServerOptions(path, IPAddress.Loopback, 0, IPAddress.Loopback, 0, ["false"])
        {
            Runtime = RuntimeChoice.Process,
            HttpsPort = null,
            Uploads = uploads ?? UploadLimits.Default,
        };
        options = configure?.Invoke(options) ?? options;
        var server = await GantryServer.StartAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning));
        return new TestServer(server, temp, path);
    }

    /// <summary>Deploys posted files (the node test app needs no upload of a bundle: its sources are text).</summary>
    /// <summary>A client of the admin listener that sends the gateway token (as gateways following the stream do).</summary>
    public async Task<HttpClient> GatewayTokenClientAsync()
    {
        var client = new HttpClient { BaseAddress = Server.AdminUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", (await File.ReadAllTextAsync(Path.Combine(DataPath, "gateway-token"))).Trim());
        return client;
    }

    public async Task<HttpResponseMessage> DeployFilesAsync(string directory, string entry = "gantry.yaml")
    {
        var files = Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f)) as IReadOnlyDictionary<string, string>;
        return await Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest(entry, files!));
    }

    /// <summary>Deploys the whole folder, subfolders and dot files too, as the CLI does: a gzipped tar in a multipart upload.</summary>
    public async Task<HttpResponseMessage> DeployFolderAsync(string directory, string entry)
    {
        using var bundle = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(bundle, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            // TarFile.CreateFromDirectory would leave out dot files (.NET counts them hidden), such as .mvn/maven.config.
            await using var tar = new System.Formats.Tar.TarWriter(gzip, leaveOpen: true);
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                await tar.WriteEntryAsync(file, Path.GetRelativePath(directory, file).Replace('\\', '/'));
            }
        }

        using var content = new MultipartFormDataContent
        {
            { new StringContent(entry), "entry" },
            { new ByteArrayContent(bundle.ToArray()), "bundle", "app.tar.gz" },
        };
        return await Admin.PostAsync("api/v1/deploy", content);
    }

    public async Task<DeployAccepted> DeployAsync(NodeApp app, string directory)
    {
        app.WriteTo(directory);
        var response = await DeployFilesAsync(directory);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"deploy answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<DeployAccepted>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>Deploys <paramref name="app"/> and waits for its release to finish.</summary>
    public async Task<ReleaseDetail> DeployAndWaitAsync(NodeApp app, string directory) =>
        await WaitForReleaseAsync(app.Name, (await DeployAsync(app, directory)).Release);

    public Task<ReleaseDetail> ReleaseAsync(string app, int number) =>
        Admin.GetFromJsonAsync<ReleaseDetail>($"api/v1/apps/{app}/releases/{number}", JsonSerializerOptions.Web)!;

    public Task<ReleaseDetail> WaitForReleaseAsync(string app, int number, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => ReleaseAsync(app, number), r => r.Release.Status is "Succeeded" or "Failed" or "Superseded", timeout ?? TimeSpan.FromSeconds(90), $"release {number} of {app} to finish");

    public Task<AppDetail> AppAsync(string app) =>
        Admin.GetFromJsonAsync<AppDetail>($"api/v1/apps/{app}", JsonSerializerOptions.Web)!;

    public async Task<HttpResponseMessage> GetThroughGatewayAsync(string host, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await Gateway.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Gateway.Dispose();
        await Server.StopAsync();
        await Server.DisposeAsync();
        if (_ownsData)
        {
            Data!.Dispose();
        }
    }
}
