namespace Gantry.Kubernetes.Apply;

/// <summary>Where a cluster's API server is and the CA that signed its certificate, so another kubeconfig can point at the same server.</summary>
/// <param name="CertificateAuthorityData">Base64 of the CA's PEM, as a kubeconfig's <c>certificate-authority-data</c>; null: the machine's trusted CAs.</param>
public sealed record ClusterAddress(Uri Server, string? CertificateAuthorityData);
