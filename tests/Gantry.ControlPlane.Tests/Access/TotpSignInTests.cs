using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using OtpNet;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>An optional TOTP second factor: set up with a first code, then asked at every sign-in, each code taken once, sealed at rest.</summary>
public sealed class TotpSignInTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("gantry-totp");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AUserWithASecondFactor_SignsInWithPasswordAndCode_EachCodeOnce()
    {
        await AccessClient.AddUserAsync(_server, "tess", "viewer");
        using var tess = AccessClient.WithToken(_server, (await AccessClient.SignInAsync(_server, "tess")).Token);
        var setup = await (await tess.PostAsync("api/v1/me/totp", null)).Content.ReadFromJsonAsync<TotpSetup>(JsonSerializerOptions.Web);
        Assert.StartsWith("otpauth://totp/Gantry:tess?secret=" + setup!.Secret, setup.Uri, StringComparison.Ordinal);
        var totp = new Totp(Base32Encoding.ToBytes(setup.Secret));

        // Not on until a first code confirms it; a wrong code does not.
        Assert.Equal(HttpStatusCode.Created, (await AccessClient.TrySignInAsync(_server, "tess", AccessClient.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await tess.PostAsJsonAsync("api/v1/me/totp/confirm", new TotpCodeRequest(WrongCode(totp)))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await tess.PostAsJsonAsync("api/v1/me/totp/confirm", new TotpCodeRequest(totp.ComputeTotp(DateTime.UtcNow)))).StatusCode);

        var withoutCode = await AccessClient.TrySignInAsync(_server, "tess", AccessClient.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("code: this user signs in with a second factor", await withoutCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("tess", AccessClient.Password, WrongCode(totp))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("tess", "a wrong password!", totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)))).StatusCode);

        // The next step's code (the confirming one took this step's): taken once, refused when replayed.
        var code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(HttpStatusCode.Created, (await SignInAsync("tess", AccessClient.Password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("tess", AccessClient.Password, code)).StatusCode);

        // The secret is sealed at rest; an owner can turn the factor off (a lost phone).
        foreach (var file in Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(setup.Secret, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/users/tess/totp")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AccessClient.TrySignInAsync(_server, "tess", AccessClient.Password)).StatusCode);
    }

    private async Task<HttpResponseMessage> SignInAsync(string user, string password, string code)
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Server.AdminUrl };
        return await anonymous.PostAsJsonAsync("api/v1/sessions", new SignInRequest(user, password, code));
    }

    /// <summary>A code that is none of the three steps the server accepts around now.</summary>
    private static string WrongCode(Totp totp)
    {
        var near = new[] { -30, 0, 30 }.Select(s => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !near.Contains(c));
    }
}
