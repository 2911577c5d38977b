using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.Gateway.Config;

namespace Gantry.Gateway.Snapshots;

/// <summary>
/// The last snapshot a gateway applied, kept on disk so it can serve from it when the control plane is away.
/// Certificates' private keys are sealed (AES-GCM with a key of the gateway's own, bound to their certificate), so
/// the file alone gives none away. Written to a temporary file, flushed, then renamed over the old one: a gateway
/// killed while saving still finds the snapshot before.
/// </summary>
public sealed class SnapshotFile(string directory)
{
    public const string FileName = "snapshot.json";
    public const string KeyFileName = "snapshot.key";

    private const string SealedPrefix = "sealed:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    private string KeyPath => System.IO.Path.Combine(directory, KeyFileName);

    /// <summary>Keeps <paramref name="snapshot"/> as the last one, its private keys sealed.</summary>
    public void Save(GatewaySnapshot snapshot)
    {
        Directory.CreateDirectory(directory);
        var key = ReadOrCreateKey();
        var sealedSnapshot = snapshot with { Certificates = [.. snapshot.Certificates.Select(c => c with { KeyPem = Seal(key, c) })] };
        // Per process: during a restart two gateways may keep a snapshot here at once.
        var temporary = $"{Path}.tmp.{Environment.ProcessId}";
        WriteOwnerOnly(temporary, FileMode.Create, GatewayConfigJson.Serialize(sealedSnapshot));
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The last snapshot kept, its keys unsealed; null when there is none. A damaged file is an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public GatewaySnapshot? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        GatewaySnapshot stored;
        try
        {
            stored = GatewayConfigJson.Deserialize(File.ReadAllBytes(Path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path}: not a gateway snapshot ({e.Message})", e);
        }

        if (stored.Certificates.IsEmpty)
        {
            return stored;
        }

        var key = File.Exists(KeyPath)
            ? File.ReadAllBytes(KeyPath)
            : throw new InvalidDataException($"{Path}: its certificates' keys are sealed with {KeyPath}, which is missing");
        return stored with { Certificates = [.. stored.Certificates.Select((c, i) => c with { KeyPem = Unseal(key, c, i) })] };
    }

    private byte[] ReadOrCreateKey()
    {
        if (File.Exists(KeyPath))
        {
            return File.ReadAllBytes(KeyPath);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        WriteOwnerOnly(KeyPath, FileMode.CreateNew, key);
        return key;
    }

    /// <summary>Written through to the disk, readable by its owner only.</summary>
    private static void WriteOwnerOnly(string path, FileMode mode, byte[] content)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var file = new FileStream(path, options);
        file.Write(content);
        file.Flush(flushToDisk: true);
    }

    // The certificate is the associated data: a sealed key moved next to another certificate does not open.
    private static string Seal(byte[] key, CertificateConfig certificate)
    {
        var plain = Encoding.UTF8.GetBytes(certificate.KeyPem);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(certificate.CertificatePem));
        CryptographicOperations.ZeroMemory(plain);
        return SealedPrefix + Convert.ToBase64String(sealedBytes);
    }

    private string Unseal(byte[] key, CertificateConfig certificate, int index)
    {
        var problem = $"{Path}: certificates[{index}]: the private key";
        if (!certificate.KeyPem.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{problem} is not sealed; a gateway never stores one in the clear");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(certificate.KeyPem[SealedPrefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{problem} is damaged (not base64)", e);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new InvalidDataException($"{problem} is damaged (too short)");
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), plain,
                Encoding.UTF8.GetBytes(certificate.CertificatePem));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"{problem} does not open with {KeyPath}: the file was altered, or sealed by another key", e);
        }

        return Encoding.UTF8.GetString(plain);
    }
}
