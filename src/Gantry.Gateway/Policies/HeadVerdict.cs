namespace Gantry.Gateway.Policies;

/// <summary>What a route's policies say about a request from its head alone (see <see cref="CompiledRoutePolicy.TryAdmitFromHead"/>).</summary>
internal enum HeadVerdict
{
    /// <summary>The framework path decides and answers (it counts the request itself).</summary>
    FrameworkPath,

    /// <summary>Admitted and counted.</summary>
    Admitted,

    /// <summary>A bearer token not validated yet: validate it, then ask again.</summary>
    ValidateTokenFirst,
}
