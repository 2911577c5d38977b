using Gantry.Gateway.Host;

if (args is ["--help" or "-h"] || args.Length == 0)
{
    Console.Out.WriteLine(GatewayHostOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

var (options, problem) = GatewayHostOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine($"gantry-gateway: {problem}\n\n{GatewayHostOptions.Usage}");
    return 2;
}

return await GatewayProcess.RunAsync(options, Console.Out, Console.Error);
