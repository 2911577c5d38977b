using System.Net;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>Users sign in with passwords kept hashed; guessing one user's password is throttled without locking out anyone else.</summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("gantry-signin");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TwentyWrongPasswords_AreThrottledWithRetryAfter_AndAnotherUserStillSignsIn()
    {
        await AccessClient.AddUserAsync(_server, "alice", "viewer");
        await AccessClient.AddUserAsync(_server, "bob", "viewer");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await AccessClient.TrySignInAsync(_server, "alice", $"wrong guess {i:D4}");
            statuses.Add(last.StatusCode);
        }

        // The first wrong ones are plainly wrong; then the account is throttled from this address.
        Assert.All(statuses.Take(SignInThrottle.PerAccountAndAddress), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(SignInThrottle.PerAccountAndAddress), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var retryAfter = last.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter > TimeSpan.Zero && retryAfter <= SignInThrottle.Window, $"Retry-After: {last.Headers.RetryAfter}");
        Assert.Contains("too many wrong passwords", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Even the right password waits: otherwise the throttle would only slow wrong guesses down.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccessClient.TrySignInAsync(_server, "alice", AccessClient.Password)).StatusCode);

        // Nobody else is locked out, from the same address.
        var bob = await AccessClient.SignInAsync(_server, "bob");
        Assert.Equal("bob", bob.User);
        using var client = AccessClient.WithToken(_server, bob.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/apps")).StatusCode);
    }

    [Fact]
    public async Task AWrongNameOrPassword_GetsTheSameAnswer_AndPasswordsAreStoredHashedOnly()
    {
        await AccessClient.AddUserAsync(_server, "carol", "deployer");

        var wrongPassword = await AccessClient.TrySignInAsync(_server, "carol", "not the password");
        var wrongName = await AccessClient.TrySignInAsync(_server, "nobody", "not the password");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrongPassword.StatusCode, wrongName.StatusCode));
        Assert.Equal(await DetailAsync(wrongPassword), await DetailAsync(wrongName));

        var signedIn = await AccessClient.SignInAsync(_server, "carol");
        Assert.Equal(["platform:deployer"], signedIn.Scopes);
        await _server.DisposeAsync();
        _server = await TestServer.StartAsync(_data.Path);

        // Nothing in the data folder holds the password or the sign-in's token; the token still works after a restart.
        foreach (var file in Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, AccessClient.Password), $"{file} holds the password");
            Assert.False(Contains(bytes, signedIn.Token), $"{file} holds the sign-in's token");
        }

        using var client = AccessClient.WithToken(_server, signedIn.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task BadUsers_AreRefusedNamingTheField()
    {
        async Task<string> RefusalAsync(object body)
        {
            var response = await _server.Admin.PostAsJsonAsync("api/v1/users", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("password: a password has at least 12 characters", await RefusalAsync(new { name = "dan", password = "short" }), StringComparison.Ordinal);
        Assert.Contains("name: 'Dan!' must be", await RefusalAsync(new { name = "Dan!", password = AccessClient.Password }), StringComparison.Ordinal);
        Assert.Contains("name: 'admin' is Gantry's own", await RefusalAsync(new { name = "admin", password = AccessClient.Password }), StringComparison.Ordinal);
        Assert.Contains("role: 'boss' is not a role", await RefusalAsync(new { name = "dan", password = AccessClient.Password, role = "boss" }), StringComparison.Ordinal);
        Assert.Contains("team: there is no team 'web'", await RefusalAsync(new { name = "dan", password = AccessClient.Password, team = "web" }), StringComparison.Ordinal);
        var signIn = await AccessClient.TrySignInAsync(_server, "", "x");
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("user: give your user name", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle)) >= 0;
}
