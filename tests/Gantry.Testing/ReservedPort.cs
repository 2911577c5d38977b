using System.Net;
using System.Net.Sockets;

namespace Gantry.Testing;

/// <summary>
/// A port for a program that must be told its port up front (Pebble, a registry) and cannot take 0. Chosen below the
/// kernel's ephemeral range (32768 and up), where no client socket is ever given a port, and held with a lock file until
/// disposed, so parallel test processes never hand out the same one. Servers of our own listen on port 0 instead.
/// </summary>
public sealed class ReservedPort : IDisposable
{
    private const int First = 20000;
    private const int Last = 32000;

    // Ports the test registry uses (Podman is told to reach them over plain HTTP): never handed out at random.
    private const int RegistryFirst = 25550;
    private const int RegistryLast = 25559;

    // A platform RabbitMQ on service port P (9000-9999) also listens on P + 20000 (Erlang distribution) and P + 21000
    // (its epmd): never handed out either.
    private const int RabbitFirst = 29000;
    private const int RabbitLast = 30999;

    private static readonly string LockFolder = Path.Combine(Path.GetTempPath(), "gantry-test-ports");
    private readonly FileStream _lock;

    private ReservedPort(int number, FileStream lockFile)
    {
        Number = number;
        _lock = lockFile;
    }

    public int Number { get; }

    /// <summary>A free port between 20000 and 32000 that no other test holds (outside the ranges above).</summary>
    public static ReservedPort Take() =>
        TakeFrom(Enumerable.Range(0, 2000).Select(_ => Random.Shared.Next(First, Last + 1)).Where(p => p is (< RegistryFirst or > RegistryLast) and (< RabbitFirst or > RabbitLast)))
        ?? throw new InvalidOperationException($"no free port between {First} and {Last}");

    /// <summary>The first of <paramref name="candidates"/> that is free and held by no other test; null when none is.</summary>
    public static ReservedPort? TakeFrom(IEnumerable<int> candidates)
    {
        Directory.CreateDirectory(LockFolder);
        foreach (var port in candidates)
        {
            FileStream file;
            try
            {
                // FileShare.None takes an exclusive flock: another process (or test) holding this port fails here.
                file = new FileStream(Path.Combine(LockFolder, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue;
            }

            if (IsFree(port))
            {
                return new ReservedPort(port, file);
            }

            file.Dispose();
        }

        return null;
    }

    public void Dispose() => _lock.Dispose();

    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Nothing listens there now (something outside the tests might).</summary>
    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
