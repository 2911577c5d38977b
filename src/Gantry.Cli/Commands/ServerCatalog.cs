using Gantry.AppModel.Provisioners;
using Gantry.Cli.Client;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.Cli.Commands;

/// <summary>The resource types the server provisions, as the CLI checks an app against them before uploading it (outputs by name only).</summary>
public static class ServerCatalog
{
    /// <summary>The server's types; Gantry's built-in ones when the server cannot say (the upload then reports why).</summary>
    public static async Task<ProvisionerCatalog> FetchAsync(GantryClient client, CancellationToken ct)
    {
        try
        {
            return new ProvisionerCatalog((await client.ProvisionersAsync(ct)).Select(Definition));
        }
        catch (Exception e) when (e is HttpRequestException or ApiException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);
        }
    }

    private static ProvisionerDefinition Definition(ProvisionerInfo info) => new(
        info.Type,
        info.Class,
        info.Description,
        info.Source,
        [.. info.Params.Select(p => new ParamDefinition(p.Name, p.Kind, p.Description))],
        [.. info.Outputs.Select(o => new OutputDefinition(o.Name, "", o.Secret))],
        [],
        null,
        [],
        [],
        null);
}
