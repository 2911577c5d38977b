namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A stored certificate: which hosts, where from, until when. Never the private key.</summary>
public sealed record CertificateInfo(long Id, IReadOnlyList<string> Hosts, string Source, DateTimeOffset NotAfter, int DaysLeft);

/// <summary>Body of <c>POST /certificates</c>: the chain (leaf first) and the private key, both PEM.</summary>
public sealed record UploadCertificateRequest(string? Certificate, string? Key);

/// <summary>A host the gateway serves: an app's own (<c>route</c>) or a custom domain, with its certificate and what went wrong getting one.</summary>
public sealed record DomainInfo(string Host, string App, string Kind, string? Target, CertificateInfo? Certificate, string? Problem);

/// <summary>Body of <c>POST /apps/APP/domains</c>: <c>Target</c> is one of the app's hosts (default: its first).</summary>
public sealed record AddDomainRequest(string? Host, string? Target);
