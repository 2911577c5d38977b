using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>Helpers for the access tests: users, teams, sign-ins and clients carrying their tokens.</summary>
internal static class AccessClient
{
    public const string Password = "correct horse battery";

    public static HttpClient WithToken(TestServer server, string token)
    {
        var client = new HttpClient { BaseAddress = server.Server.AdminUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task AddUserAsync(TestServer server, string name, string role, string? team = null)
    {
        var response = await server.Admin.PostAsJsonAsync("api/v1/users", new CreateUserRequest(name, Password, role, team));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"adding {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task AddTeamAsync(TestServer server, string team)
    {
        var response = await server.Admin.PostAsJsonAsync("api/v1/teams", new CreateTeamRequest(team));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"making team {team}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<HttpResponseMessage> TrySignInAsync(TestServer server, string user, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = server.Server.AdminUrl };
        return await anonymous.PostAsJsonAsync("api/v1/sessions", new SignInRequest(user, password));
    }

    public static async Task<SignedIn> SignInAsync(TestServer server, string user, string password = Password)
    {
        var response = await TrySignInAsync(server, user, password);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"signing in {user}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<SignedIn>(text, JsonSerializerOptions.Web)!;
    }

    public static DeployFilesRequest Files(string directory) =>
        new("gantry.yaml", Directory.EnumerateFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllText));

    public static async Task<int> DeployedReleaseAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<DeployAccepted>(text, JsonSerializerOptions.Web)!.Release;
    }
}
