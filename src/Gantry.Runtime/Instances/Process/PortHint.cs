using System.Globalization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// Words for the commonest first-deploy mistake on the process runtime: the app listens on the port its Score file names
/// (8080) rather than on the one the runtime gave it in <c>$PORT</c>.
/// </summary>
internal static class PortHint
{
    /// <param name="port">The host port the failing check goes to.</param>
    /// <param name="variable">The variable that carries it: <c>PORT</c>, or <c>PORT_8080</c> for a further container port.</param>
    /// <param name="value">The variable's value in the instance's environment (the app's variables may have replaced it).</param>
    /// <param name="listening">The ports the instance's processes listen on.</param>
    /// <returns>Null when the app listens on <paramref name="port"/>: then the port is not the problem.</returns>
    public static string? Describe(int port, string variable, string? value, IReadOnlyList<int> listening)
    {
        if (listening.Contains(port))
        {
            return null;
        }

        var given = port.ToString(CultureInfo.InvariantCulture);
        var listens = listening.Count == 0 ? "no port" : string.Join(", ", listening.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var replaced = value == given ? "" : $", but the app's variables set {variable}={value}";
        // Not "${PORT}": in a Score command that is a placeholder (an error), and the command runs without a shell.
        var fix = $"read the {variable} variable in the app, or run the command through sh -c with ${variable} in it";
        fix = value == given ? fix : $"remove {variable} from the app's variables; then {fix}";
        return $"the process runtime gives each instance its port in ${variable}={given}{replaced}; the app listens on {listens} ({fix})";
    }
}
