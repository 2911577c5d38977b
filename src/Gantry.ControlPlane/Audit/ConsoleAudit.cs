using System.Text.Json;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Audit;

/// <summary>Where a console session comes from, taken from the page request that opened it.</summary>
public sealed record ConsoleClient(string Address, string Agent)
{
    public static ConsoleClient Of(HttpContext http) =>
        new(http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Headers.UserAgent.ToString());

    /// <summary>How audit entries name the client: the console, and the browser.</summary>
    public string Describe()
    {
        var described = Agent.Length == 0 ? "console" : $"console; {Agent}";
        return described.Length <= 200 ? described : described[..200];
    }
}

/// <summary>
/// Changes made in the console and sign-ins, in the same audit log as the API's: an action's first save carries its
/// entry (as for an API request); an action that saved nothing that way gets one when it ends, with how it ended.
/// </summary>
public sealed class ConsoleAudit(IDbContextFactory<GantryDbContext> dbFactory, AuditWriter writer)
{
    /// <summary>Runs <paramref name="work"/> as an audited action of <paramref name="actor"/>; <paramref name="summary"/> holds no secret.</summary>
    public async Task<T> RunAsync<T>(ConsoleClient client, string actor, string action, string? app, object summary, Func<Task<T>> work)
    {
        var scope = new AuditScope(actor, client.Address, client.Describe(), action, app, JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
        AuditScope.Current = scope;
        try
        {
            var result = await work();
            await AppendAsync(scope, OutcomeOf(result));
            return result;
        }
        catch (Exception e)
        {
            await AppendAsync(scope, e is Console.ConsoleRefusedException ? $"refused: {e.Message}" : $"failed: {e.GetBaseException().Message}");
            throw;
        }
        finally
        {
            AuditScope.Current = null;
        }
    }

    /// <summary>Records something that changes nothing in the store but is worth knowing: a sign-in, a sign-out, a refused sign-in.</summary>
    public Task RecordAsync(ConsoleClient client, string actor, string action, string outcome) =>
        AppendAsync(new AuditScope(actor, client.Address, client.Describe(), action, null, ""), outcome);

    private static string OutcomeOf(object? result) => result switch
    {
        DeployOutcome.Refused refused => $"refused: {refused.Message}",
        DeployOutcome.Invalid => "refused: the files are not valid",
        Api.Refusal refusal => $"refused: {refusal.Message}",
        Api.IOutcome { Refused: { } refusal } => $"refused: {refusal.Message}",
        false => "refused: not found",
        _ => "done",
    };

    private async Task AppendAsync(AuditScope scope, string outcome)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await writer.AppendAsync(db, scope, outcome, CancellationToken.None);
    }
}
