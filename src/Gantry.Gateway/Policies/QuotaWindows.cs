namespace Gantry.Gateway.Policies;

/// <summary>Which windows of a quota a count looks at.</summary>
[Flags]
internal enum QuotaWindows
{
    /// <summary>Second and minute: always counted by the gateway that takes the request.</summary>
    PerGateway = 1,

    /// <summary>Day and total: shared across gateways when a shared quota is set.</summary>
    DayAndTotal = 2,

    All = PerGateway | DayAndTotal,
}
