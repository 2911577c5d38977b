using Gantry.Gateway.Host;

return await GatewayHostEntry.RunAsync(args, Console.Out, Console.Error);
