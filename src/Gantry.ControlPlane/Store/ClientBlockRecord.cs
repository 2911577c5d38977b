namespace Gantry.ControlPlane.Store;

/// <summary>A client refused by the gateway on every route of an app: by API key id, JWT subject or IP address.</summary>
public sealed class ClientBlockRecord
{
    public long Id { get; set; }

    public required string App { get; set; }

    /// <summary><c>key</c>, <c>subject</c> or <c>ip</c>.</summary>
    public required string Kind { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
