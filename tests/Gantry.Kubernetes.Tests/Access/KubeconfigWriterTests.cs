using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Kubernetes.Access;
using Gantry.Kubernetes.Apply;
using Gantry.Testing;
using k8s;

namespace Gantry.Kubernetes.Tests.Access;

/// <summary>A team's kubeconfig, read back by KubernetesClient the way kubectl-like tools read it.</summary>
public sealed class KubeconfigWriterTests
{
    private const string Token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln";
    private static readonly Uri Server = new("https://k8s.example.test:6443");

    [Fact]
    public async Task AKubeconfig_LoadsWithKubernetesClient_GivingTheServerTheCaTheTokenAndTheNamespace()
    {
        using var ca = SelfSignedCa();
        var yaml = KubeconfigWriter.Write(new ClusterAddress(Server, Base64Pem(ca)), Token, "payments", "prod", "checkout-prod");

        var file = await KubernetesClientConfiguration.LoadKubeConfigAsync(new MemoryStream(Encoding.UTF8.GetBytes(yaml)));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(file);

        Assert.Equal("gantry-payments-prod", file.CurrentContext);
        Assert.Equal("https://k8s.example.test:6443", config.Host);
        Assert.Equal(Token, config.AccessToken);
        Assert.Equal("checkout-prod", config.Namespace);
        Assert.False(config.SkipTlsVerify);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.DoesNotContain("insecure-skip-tls-verify", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*looks-like-an-alias")]
    [InlineData("12345")]
    [InlineData("true")]
    public void ATokenThatYamlWouldReadAsSomethingElse_IsQuoted_AndReadBackAsWritten(string token)
    {
        var yaml = KubeconfigWriter.Write(new ClusterAddress(Server, null), token, "payments", "prod", null);

        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(yaml)));

        // kubectl turns YAML into JSON first: an unquoted true or 12345 would not be a string there.
        Assert.Matches($"\n +token: (\"{Regex.Escape(token)}\"|'{Regex.Escape(token)}')\n", yaml);
        Assert.Equal(token, config.AccessToken);
        Assert.Null(config.Namespace);
        Assert.Null(config.SslCaCerts);
    }

    [Fact]
    public async Task TheAddressOfAnAdminKubeconfig_WithACaFile_GivesATeamKubeconfigForTheSameServerAndCa()
    {
        using var temp = new TempDirectory("gantry-kubeconfig");
        using var ca = SelfSignedCa();
        await File.WriteAllTextAsync(temp.Combine("ca.crt"), ca.ExportCertificatePem());
        await File.WriteAllTextAsync(temp.Combine("admin.yaml"), AdminKubeconfig($"certificate-authority: {temp.Combine("ca.crt")}"));

        var address = ClusterConnection.Address(temp.Combine("admin.yaml"), "admin");
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(
            new MemoryStream(Encoding.UTF8.GetBytes(KubeconfigWriter.Write(address, Token, "payments", "prod", "checkout-prod"))));

        Assert.Equal(Server, address.Server);
        Assert.Equal("https://k8s.example.test:6443", config.Host);
        Assert.Equal(ca.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
    }

    [Fact]
    public async Task AnAdminKubeconfigThatSkipsTlsVerification_GivesNoCa_AndTheTeamKubeconfigStillVerifies()
    {
        using var temp = new TempDirectory("gantry-kubeconfig");
        await File.WriteAllTextAsync(temp.Combine("admin.yaml"), AdminKubeconfig("insecure-skip-tls-verify: true"));

        var address = ClusterConnection.Address(temp.Combine("admin.yaml"), null);
        var yaml = KubeconfigWriter.Write(address, Token, "payments", "prod", null);

        Assert.Null(address.CertificateAuthorityData);
        Assert.DoesNotContain("insecure-skip-tls-verify", yaml, StringComparison.Ordinal);
        Assert.False(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(yaml))).SkipTlsVerify);
    }

    [Fact]
    public async Task AContextMissingFromTheAdminKubeconfig_IsAClusterExceptionNamingIt()
    {
        using var temp = new TempDirectory("gantry-kubeconfig");
        await File.WriteAllTextAsync(temp.Combine("admin.yaml"), AdminKubeconfig("insecure-skip-tls-verify: true"));

        var error = Assert.Throws<ClusterException>(() => ClusterConnection.Address(temp.Combine("admin.yaml"), "staging"));

        Assert.StartsWith($"context 'staging' in {temp.Combine("admin.yaml")}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://k8s.example.test", null, Token, "payments", "server")]
    [InlineData("https://k8s.example.test", "not base64!", Token, "payments", "certificateAuthorityData")]
    [InlineData("https://k8s.example.test", null, "", "payments", "token")]
    [InlineData("https://k8s.example.test", null, "two words", "payments", "token")]
    [InlineData("https://k8s.example.test", null, Token, "Payments", "team")]
    public void AFieldThatCannotGoInAKubeconfig_IsRefusedNamingIt(string server, string? ca, string token, string team, string field)
    {
        var error = Assert.Throws<RenderException>(() => KubeconfigWriter.Write(new ClusterAddress(new Uri(server), ca), token, team, "prod", null));

        Assert.StartsWith($"{field}: ", error.Message, StringComparison.Ordinal);
    }

    private static string AdminKubeconfig(string trust) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: home
          cluster:
            server: {Server.AbsoluteUri.TrimEnd('/')}
            {trust}
        users:
        - name: admin
          user:
            token: admin-token
        contexts:
        - name: admin
          context:
            cluster: home
            user: admin
        current-context: admin
        """;

    private static X509Certificate2 SelfSignedCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=gantry-test-cluster-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static string Base64Pem(X509Certificate2 certificate) => Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
}
