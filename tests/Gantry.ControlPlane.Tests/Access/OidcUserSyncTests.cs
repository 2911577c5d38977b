using System.Net;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Oidc;
using Gantry.ControlPlane.Tests.Support;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>What a provider's sign-in makes of Gantry's users and teams: the provider's groups are the source of truth.</summary>
public sealed class OidcUserSyncTests : IAsyncLifetime
{
    private const string Issuer = "https://sso.example.test/realms/acme";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // Nothing asks the provider: the handler reads its metadata only when someone signs in through it.
        _server = await TestServer.StartAsync(configure: o => o with { Oidc = new OidcOptions(new Uri(Issuer), "gantry") { OwnerGroup = "ops" } });
        await AccessClient.AddTeamAsync(_server, "web");
        await AccessClient.AddTeamAsync(_server, "data");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private OidcUserSync Sync => _server.Server.Services.GetRequiredService<OidcUserSync>();

    [Fact]
    public async Task Groups_MakeAndTakeAwayTeamsAndTheOwnerRole_AndTheSameSubjectIsTheSameUser()
    {
        Assert.Equal("ana", await Sync.SyncAsync(Identity("s-1", "Ana", ["ops", "web", "data", "not-a-team"]), default));
        var ana = await UserAsync("ana");
        Assert.Equal("owner", ana.Role);
        Assert.Equal([new TeamRoleInfo("data", "deployer"), new TeamRoleInfo("web", "deployer")], ana.Teams.OrderBy(t => t.Team));

        // An owner raises her role in web; then she leaves ops and data at the provider, and changes her user name.
        Assert.True((await _server.Admin.PutAsJsonAsync("api/v1/teams/web/members/ana", new SetMemberRequest("admin"))).IsSuccessStatusCode);
        Assert.Equal("ana", await Sync.SyncAsync(Identity("s-1", "ana.renamed", ["web"]), default));
        ana = await UserAsync("ana");
        Assert.Null(ana.Role);
        Assert.Equal([new TeamRoleInfo("web", "admin")], ana.Teams);
        Assert.DoesNotContain(await UsersAsync(), u => u.Name == "ana.renamed");
    }

    [Fact]
    public async Task AnotherSubjectWithATakenName_GetsANameOfItsOwn_AndAnUnlinkedUserIsFoundByVerifiedEmail()
    {
        await AccessClient.AddUserAsync(_server, "bob", "viewer");
        Assert.Equal("bob-2", await Sync.SyncAsync(Identity("s-2", "bob", []), default));
        Assert.Equal("viewer", (await UserAsync("bob")).Role);

        Assert.Equal(HttpStatusCode.Created, (await _server.Admin.PostAsJsonAsync("api/v1/users", new CreateUserRequest("carol", Email: "carol@example.test"))).StatusCode);
        Assert.Equal("carol-2", await Sync.SyncAsync(Identity("s-3", "carol", [], email: "carol@example.test", verified: false), default));
        Assert.Equal("carol", await Sync.SyncAsync(Identity("s-4", "c.smith", ["web"], email: "carol@example.test"), default));
        Assert.Equal([new TeamRoleInfo("web", "deployer")], (await UserAsync("carol")).Teams);

        // Once linked, another subject with her e-mail is someone else.
        Assert.Equal("carol-3", await Sync.SyncAsync(Identity("s-5", "carol", [], email: "carol@example.test"), default));
    }

    [Theory]
    [InlineData("Ana Lovelace", "ana-lovelace")]
    [InlineData("ADA@Example.com", "ada-example.com")]
    [InlineData("admin", "sso-user")]
    [InlineData("???", "sso-user")]
    [InlineData(null, "sso-user")]
    public void UserNames_FromTheProvider_AreMadeValid(string? given, string expected) => Assert.Equal(expected, OidcUserNames.Stem(given));

    [Theory]
    [InlineData("not a url", null, "--oidc-authority: 'not a url' is not the provider's issuer URL")]
    [InlineData("ftp://sso.example.test", "gantry", "--oidc-authority: 'ftp://sso.example.test' is not the provider's issuer URL")]
    [InlineData("http://sso.example.test/realms/acme", "gantry", "--oidc-authority: 'http://sso.example.test/realms/acme' must use https")]
    [InlineData("https://sso.example.test/realms/acme", null, "--oidc-client-id: give the client id")]
    [InlineData("https://sso.example.test/realms/acme", " ", "--oidc-client-id: give the client id")]
    public void Options_NameTheFlagThatIsWrong(string authority, string? clientId, string problem)
    {
        Assert.Null(OidcOptions.Parse(authority, clientId, _ => null, out var said));
        Assert.StartsWith(problem, said, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_TakeTheSecretFromTheEnvironment_AndPlainHttpOnlyOnLoopback()
    {
        var remote = OidcOptions.Parse(Issuer, "gantry", v => v == OidcOptions.SecretVariable ? "s3cret" : null, out _)!;
        Assert.Equal(("s3cret", true), (remote.ClientSecret, remote.RequireHttpsMetadata));
        var local = OidcOptions.Parse("http://127.0.0.1:8180/realms/dev", "gantry", _ => null, out _)!;
        Assert.Equal((null, false), (local.ClientSecret, local.RequireHttpsMetadata));
    }

    private static OidcIdentity Identity(string subject, string userName, string[] groups, string? email = null, bool verified = true) =>
        new(Issuer, subject, userName, email, verified, groups);

    private async Task<UserInfo[]> UsersAsync() => (await _server.Admin.GetFromJsonAsync<UserInfo[]>("api/v1/users"))!;

    private async Task<UserInfo> UserAsync(string name) => Assert.Single(await UsersAsync(), u => u.Name == name);
}
