namespace Gantry.AppModel.Loading;

/// <summary>
/// A <c>jwksUrl</c> of a route and where it was written. What only the network can tell (a redirect, the size, the
/// address a name resolves to, the keys served) is checked at deploy time, and reported at this place.
/// </summary>
public sealed record JwksUrlReference(string Url, string File, int Line, int Column, string Field)
{
    /// <summary>The load error that refuses this URL for <paramref name="message"/>.</summary>
    public SpecError Refused(string message) => new(File, Line, Column, Field, message);
}
