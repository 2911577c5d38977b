using System.CommandLine;
using Gantry.Cli;
using Gantry.Cli.Commands;
using Gantry.Cli.Output;

var root = new RootCommand("Gantry: deploy apps from source, Score files or images, and reach them through a gateway with zero-downtime rollouts.")
{
    UpCommand.Create(),
    DeployCommand.Create(),
    AppsCommand.Create(),
    StatusCommand.Create(),
    ReleasesCommand.Create(),
    BuildsCommand.Create(),
    ResourcesCommand.Create(),
    ConfigCommand.Create(),
    BackupCommand.Create(),
    ServicesCommand.Create(),
    RollbackCommand.Create(),
    ScaleCommand.Create(),
    LogsCommand.Create(),
    KeysCommand.Create(),
    ClientsCommand.Create(),
    DomainsCommand.Create(),
    CertsCommand.Create(),
    CaCommand.Create(),
    ImportCommand.Create(),
    RenderCommand.Create(),
    TargetsCommand.Create(),
    EnvsCommand.Create(),
    PromoteCommand.Create(),
    GatewayCommand.Create(),
    GatewaysCommand.Create(),
    NotificationsCommand.Create(),
    AuditCommand.Create(),
    JobsCommand.Create(),
    TokensCommand.Create(),
    UsersCommand.Create(),
    TeamsCommand.Create(),
    KubeconfigCommand.Create(),
    LoginCommand.Login(),
    LoginCommand.Logout(),
    LoginCommand.WhoAmI(),
    ServeStaticCommand.Create(),
};
root.Options.Add(CommonOptions.Server);
root.Options.Add(CommonOptions.Json);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Printer.Fail(error.Message);
    }

    Printer.Error.WriteLine("see 'gantry --help' or 'gantry COMMAND --help'");
    return ExitCodes.InvalidInput;
}

return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
