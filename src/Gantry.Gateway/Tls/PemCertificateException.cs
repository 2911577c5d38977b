namespace Gantry.Gateway.Tls;

/// <summary>An uploaded certificate or key that cannot be served; the message says which file, block and line, and why.</summary>
public sealed class PemCertificateException(string message) : Exception(message);
