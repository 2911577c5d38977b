using System.Globalization;
using Gantry.Gateway.Host;

// The gateway has the process to itself: socket completions run inline on one event loop per core, so a request is
// read, forwarded and answered without hopping to the thread pool (benchmarks/gateway on 2 cores, one round each:
// 0.70× nginx this way, 0.62× with one loop, 0.63× with the runtime's defaults; docs/benchmarks.md has three rounds).
// Read by the runtime when the first socket is made; a value set by the user wins.
SetUnlessGiven("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
SetUnlessGiven("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));

return await GatewayHostEntry.RunAsync(args, Console.Out, Console.Error, SuccessorCommand.ThisProgram());

static void SetUnlessGiven(string name, string value)
{
    if (Environment.GetEnvironmentVariable(name) is null)
    {
        Environment.SetEnvironmentVariable(name, value);
    }
}
