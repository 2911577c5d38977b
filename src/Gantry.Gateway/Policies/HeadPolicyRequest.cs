namespace Gantry.Gateway.Policies;

/// <summary>
/// What the fast path knows of a request when it asks a route's policies: the method, the one Authorization value
/// (empty when none), whether an API key came, and the connection's client.
/// </summary>
internal readonly ref struct HeadPolicyRequest(string method, ReadOnlySpan<char> authorization, bool hasApiKey, ConnectionClient client)
{
    public string Method { get; } = method;

    public ReadOnlySpan<char> Authorization { get; } = authorization;

    public bool HasApiKey { get; } = hasApiKey;

    public ConnectionClient Client { get; } = client;
}
