using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security.Oidc;

/// <summary>Turns a provider's user name into one <see cref="AccessNames"/> accepts.</summary>
public static class OidcUserNames
{
    public static string Stem(string? userName)
    {
        var chars = (userName ?? "").ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var stem = new string(chars).Trim('-');
        stem = stem.Length > AccessNames.MaxLength ? stem[..AccessNames.MaxLength] : stem;
        return stem.Length == 0 || AccessNames.Problem("name", stem) is not null ? "sso-user" : stem;
    }
}
