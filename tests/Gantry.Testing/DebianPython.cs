namespace Gantry.Testing;

/// <summary>The python3 test apps run with.</summary>
public static class DebianPython
{
    /// <summary>Debian's python3 when there is one: a pyenv shim on PATH may lack a version for the app's folder.</summary>
    public static string Path { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}
