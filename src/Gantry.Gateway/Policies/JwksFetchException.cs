namespace Gantry.Gateway.Policies;

/// <summary>Why a JWKS URL was not fetched or its answer not used; the message is written for the app's author.</summary>
internal sealed class JwksFetchException(string message) : Exception(message);
