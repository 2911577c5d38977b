using System.Text;
using Gantry.Gateway.Config;
using Gantry.Gateway.Snapshots;
using Gantry.Gateway.Tests.Tls;
using Gantry.Testing;

namespace Gantry.Gateway.Tests.Snapshots;

/// <summary>The last snapshot on disk: read back whole, private keys never in the clear, damage named, a torn save harmless.</summary>
public sealed class SnapshotFileTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-snapshot");

    private static GatewaySnapshot WithCertificate(long version, string host = "shop.test")
    {
        using var certificate = TestCertificates.SelfSigned([host]);
        return new GatewaySnapshot(version)
        {
            Routes = [new RouteConfig(host, "/", "shop", "web", [new DestinationConfig("i1:8080", "http://127.0.0.1:41234")])],
            Certificates = [new CertificateConfig(certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate))],
        };
    }

    [Fact]
    public void ASavedSnapshot_ReadsBackWhole_WithItsPrivateKeySealedOnDisk()
    {
        var file = new SnapshotFile(_temp.Path);
        var snapshot = WithCertificate(41);

        file.Save(snapshot);
        var read = file.Load();

        Assert.Equal(Encoding.UTF8.GetString(GatewayConfigJson.Serialize(snapshot)), Encoding.UTF8.GetString(GatewayConfigJson.Serialize(read!)));
        var onDisk = File.ReadAllText(file.Path);
        var keyBody = snapshot.Certificates[0].KeyPem.Split('\n')[1];
        Assert.DoesNotContain("PRIVATE KEY", onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, onDisk, StringComparison.Ordinal);
        Assert.Contains("sealed:v1:", onDisk, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.Combine(SnapshotFile.KeyFileName)));
    }

    [Fact]
    public void NoSnapshotYet_IsNull_AndATornSave_LeavesTheOneBefore()
    {
        var file = new SnapshotFile(_temp.Path);
        Assert.Null(file.Load());

        file.Save(WithCertificate(1));
        File.WriteAllText(file.Path + ".tmp", "{\"version\":2,\"rou"); // a save killed halfway

        Assert.Equal(1, file.Load()!.Version);
        file.Save(WithCertificate(3));
        Assert.Equal(3, file.Load()!.Version);
    }

    [Fact]
    public void AnAlteredKey_AKeyMovedToAnotherCertificate_OrAMissingKeyFile_IsNamedAndRefused()
    {
        var file = new SnapshotFile(_temp.Path);
        var first = WithCertificate(1, "a.test");
        var second = WithCertificate(1, "b.test");
        file.Save(first with { Certificates = [first.Certificates[0], second.Certificates[0]] });
        var stored = GatewayConfigJson.Deserialize(File.ReadAllBytes(file.Path));

        // The second certificate's sealed key beside the first certificate: the seal is bound to its certificate.
        File.WriteAllBytes(file.Path, GatewayConfigJson.Serialize(stored with { Certificates = [stored.Certificates[0] with { KeyPem = stored.Certificates[1].KeyPem }] }));
        var moved = Assert.Throws<InvalidDataException>(file.Load);
        Assert.Contains("certificates[0]: the private key does not open", moved.Message, StringComparison.Ordinal);

        File.WriteAllBytes(file.Path, GatewayConfigJson.Serialize(stored with { Certificates = [first.Certificates[0]] }));
        Assert.Contains("certificates[0]: the private key is not sealed", Assert.Throws<InvalidDataException>(file.Load).Message, StringComparison.Ordinal);

        File.WriteAllBytes(file.Path, GatewayConfigJson.Serialize(stored));
        File.Delete(_temp.Combine(SnapshotFile.KeyFileName));
        Assert.Contains("snapshot.key, which is missing", Assert.Throws<InvalidDataException>(file.Load).Message, StringComparison.Ordinal);

        File.WriteAllText(file.Path, "not json");
        Assert.StartsWith($"{file.Path}: not a gateway snapshot", Assert.Throws<InvalidDataException>(file.Load).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
