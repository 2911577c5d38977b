using System.Reflection;

namespace Gantry.Gateway.Host;

/// <summary>How to start this program again for a restart: its executable, and under <c>dotnet gantry-gateway.dll</c> the assembly too.</summary>
internal sealed record SuccessorCommand(string FileName, IReadOnlyList<string> LeadingArguments)
{
    public static SuccessorCommand ThisProgram()
    {
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("this process's executable is unknown");
        return Path.GetFileNameWithoutExtension(executable) == "dotnet"
            ? new SuccessorCommand(executable, [Assembly.GetEntryAssembly()!.Location])
            : new SuccessorCommand(executable, []);
    }
}
