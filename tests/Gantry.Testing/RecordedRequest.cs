namespace Gantry.Testing;

/// <summary>A request the fake API server received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType, string Body);
