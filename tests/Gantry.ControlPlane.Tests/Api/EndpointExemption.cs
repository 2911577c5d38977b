using System.Text.RegularExpressions;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>An endpoint pattern that is not the bearer-token API, how it is reached instead, and why that is right.</summary>
/// <param name="Pattern">The route pattern as mapped; <c>*</c> stands for any characters within one segment.</param>
/// <param name="AlwaysMapped">False for endpoints only some hosts map (static assets need the gantry executable's manifest).</param>
internal sealed record EndpointExemption(string Pattern, EndpointAccess Access, string Reason, bool AlwaysMapped = true)
{
    public bool Matches(string pattern) =>
        Regex.IsMatch(pattern, "^" + string.Join("[^/]*", Pattern.Split('*').Select(Regex.Escape)) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
}
