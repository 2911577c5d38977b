using Gantry.ControlPlane.Hosting;
using Gantry.Gateway.Tls;
using Microsoft.AspNetCore.DataProtection;

namespace Gantry.ControlPlane.Tls;

/// <summary>The installation's local CA: DATA/ca/ca.pem (public, what <c>gantry ca</c> prints) and its key, encrypted, in DATA/ca/ca.key.</summary>
public sealed class LocalCaFiles(DataDirectory data, IDataProtectionProvider protection) : IDisposable
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Tls.LocalCa.v1");
    private readonly Lock _lock = new();
    private LocalCertificateAuthority? _ca;

    private string Folder => Path.Combine(data.Root, "ca");

    public string CertificatePath => Path.Combine(Folder, "ca.pem");

    private string KeyPath => Path.Combine(Folder, "ca.key");

    /// <summary>The CA, created on first use and loaded from disk afterwards.</summary>
    public LocalCertificateAuthority Get()
    {
        lock (_lock)
        {
            if (_ca is not null)
            {
                return _ca;
            }

            if (File.Exists(CertificatePath) && File.Exists(KeyPath))
            {
                return _ca = LocalCertificateAuthority.Load(File.ReadAllText(CertificatePath), _protector.Unprotect(File.ReadAllText(KeyPath)));
            }

            var ca = LocalCertificateAuthority.Create(data.InstallationId());
            Directory.CreateDirectory(Folder);
            WriteAtomically(KeyPath, _protector.Protect(ca.ExportKeyPem()), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteAtomically(CertificatePath, ca.ExportCertificatePem() + "\n",
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return _ca = ca;
        }
    }

    public void Dispose() => _ca?.Dispose();

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, mode);
        }

        File.Move(temp, path, overwrite: true);
    }
}
