using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Gantry.Testing;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 that serves git over SSH to one authorized key, as a forge does with a
/// deploy key: <c>ssh://USER@127.0.0.1:PORT/path/to/repo.git</c>. Its host key and configuration live in a temporary
/// folder; it accepts public keys only.
/// </summary>
public sealed class SshGitServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";

    private readonly TempDirectory _folder = new("gantry-sshd");
    private readonly ReservedPort _port = ReservedPort.Take();
    private readonly WatchedProcess _sshd;

    private SshGitServer(string authorizedKey)
    {
        var hostKey = _folder.Combine("host_ed25519");
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
        File.WriteAllText(_folder.Combine("authorized_keys"), authorizedKey.Trim() + "\n");
        var config = _folder.Combine("sshd_config");
        File.WriteAllText(config, $"""
            Port {_port.Number}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            AuthorizedKeysFile {_folder.Combine("authorized_keys")}
            PidFile {_folder.Combine("sshd.pid")}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            """);
        // Privilege separation needs its empty folder, which the ssh service's unit usually makes.
        Directory.CreateDirectory("/run/sshd");
        _sshd = WatchedProcess.Start(new ProcessStartInfo(Sshd) { ArgumentList = { "-D", "-e", "-f", config } });
    }

    public int Port => _port.Number;

    /// <summary>The URL of a repository on this machine, served through this server.</summary>
    public string UrlOf(string repository) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{Path.GetFullPath(repository)}";

    /// <summary>Starts sshd (installed by test.sh as openssh-server) and waits until it greets clients.</summary>
    public static async Task<SshGitServer> StartAsync(string authorizedKey)
    {
        if (!File.Exists(Sshd))
        {
            throw new InvalidOperationException($"{Sshd} is missing: install openssh-server (test.sh does)");
        }

        var server = new SshGitServer(authorizedKey);
        await Eventually.UntilAsync(server.GreetsAsync, TimeSpan.FromSeconds(20), $"sshd to listen on {server.Port}; it said: {server._sshd.Output}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _sshd.DisposeAsync();
        _port.Dispose();
        _folder.Dispose();
    }

    private async Task<bool> GreetsAsync()
    {
        if (_sshd.HasExited)
        {
            throw new InvalidOperationException($"sshd exited with {_sshd.ExitCode}: {_sshd.Output}");
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var buffer = new byte[64];
            var read = await client.GetStream().ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("SSH-2.0", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error}");
        }
    }
}
