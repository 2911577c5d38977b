namespace Gantry.Gateway.Policies;

/// <summary>
/// What the fast path knows of a request when it asks a route's policies: the method, the one Authorization value
/// (empty when none), whether an API key came, the body's length, and the connection's client.
/// </summary>
internal readonly ref struct HeadPolicyRequest(string method, ReadOnlySpan<char> authorization, bool hasApiKey, long contentLength, ConnectionClient client)
{
    public string Method { get; } = method;

    public ReadOnlySpan<char> Authorization { get; } = authorization;

    public bool HasApiKey { get; } = hasApiKey;

    public long ContentLength { get; } = contentLength;

    public ConnectionClient Client { get; } = client;
}
