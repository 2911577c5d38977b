namespace Gantry.Cli.Client;

/// <summary>No Gantry server answers at the address the CLI uses.</summary>
public sealed class ServerUnreachableException(Uri server, Exception inner)
    : Exception($"cannot reach Gantry at {server}: {inner.Message}. Is 'gantry up' running? Set --server or GANTRY_SERVER to point elsewhere.", inner)
{
}
