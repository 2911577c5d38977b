using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Security;

/// <summary>Makes, lists and revokes API tokens for the API and the console alike, with the same checks and messages.</summary>
public sealed class TokenIssuer(ApiTokenRegistry registry, AppQueries apps, TeamStore teams, TimeProvider time)
{
    public async Task<IReadOnlyList<TokenInfo>> ListAsync(CancellationToken ct) => [.. (await registry.ListAsync(ct)).Select(Info)];

    /// <summary>A token with the request's role and scope; its value is in the answer only.</summary>
    public async Task<Outcome<TokenCreated>> CreateAsync(CreateTokenRequest? body, string actor, CancellationToken ct)
    {
        if (await ProblemAsync(body, ct) is { } problem)
        {
            return Refusal.Invalid(problem);
        }

        var role = Roles.Parse(body!.Role ?? "deployer")!.Value;
        var scope = body.App is { } app ? AccessScope.OnApp(app, role) : body.Team is { } team ? AccessScope.OnTeam(team, role) : AccessScope.OnPlatform(role);
        return await registry.CreateAsync(body.Name!, scope, body.Workload, body.ExpiresAt, actor, ct) is { } made
            ? new TokenCreated(made.Token, Info(made.Record))
            : Refusal.Conflict($"name: a token named '{body.Name}' exists; revoke it first or choose another name");
    }

    /// <summary>Revokes a token: requests with it get 401 from now on. Gantry's own two tokens are replaced, not revoked.</summary>
    public async Task<Refusal?> RevokeAsync(string name, CancellationToken ct) =>
        name is ApiTokenRegistry.AdminName or ApiTokenRegistry.GatewayName
            ? Refusal.Invalid($"'{name}' is Gantry's own token: delete its file in the data folder and restart to replace it")
            : await registry.RevokeAsync(name, ct) ? null
            : Refusal.NotFound($"no token named '{name}'");

    private async Task<string?> ProblemAsync(CreateTokenRequest? body, CancellationToken ct)
    {
        if (body?.Name is not { Length: > 0 } name)
        {
            return "name: give the token a name, for example {\"name\": \"ci-shop\", \"role\": \"deployer\", \"app\": \"shop\"}";
        }

        if (AccessNames.Problem("name", name) is { } badName)
        {
            return badName;
        }

        if (body.Role is { } role && Roles.Parse(role) is null)
        {
            return $"role: '{role}' is not a role; roles: {string.Join(", ", Roles.Names)}";
        }

        if (body.App is { } app && await apps.GetAsync(app, ct) is null)
        {
            return $"app: there is no app '{app}'";
        }

        if (body.Team is { } team && (body.App is not null ? "team: give 'app' or 'team', not both" : !await teams.ExistsAsync(team, ct) ? $"team: there is no team '{team}'" : null) is { } teamProblem)
        {
            return teamProblem;
        }

        if (body.Workload is { } workload && (body.App is null ? "workload: a token for one workload names its app too ('app')" : AccessNames.Problem("workload", workload)) is { } workloadProblem)
        {
            return workloadProblem;
        }

        return body.ExpiresAt is { } at && at <= time.GetUtcNow() ? $"expiresAt: {at:O} has passed; give a time in the future" : null;
    }

    private static TokenInfo Info(ApiTokenRecord t) => new(t.Name, t.Role, t.App, t.CreatedAt, t.CreatedBy, t.ExpiresAt, t.LastUsedAt, t.Team, t.Workload, t.User);
}
