using System.Text.RegularExpressions;

namespace Gantry.AppModel.Score;

/// <summary>The grammar of an OCI image reference (<c>[registry[:port]/]path[:tag][@digest]</c>), checked before any engine sees it.</summary>
public static partial class ImageReference
{
    /// <summary>Null when <paramref name="image"/> is <c>.</c> (build from source) or a valid reference; otherwise what is wrong.</summary>
    public static string? Problem(string image)
    {
        if (image == ".")
        {
            return null;
        }

        if (image.Length > 255)
        {
            return $"image '{image[..40]}…' is longer than 255 characters";
        }

        return Grammar().IsMatch(image)
            ? null
            : $"image '{image}' is not a valid image reference: use [registry/]name[:tag][@sha256:digest] with a lowercase name, for example nginx:1.27 or ghcr.io/acme/api:2.1, or '.' to build from source";
    }

    // registry (optional, with a dot, a port or "localhost"), lowercase path components, tag, digest.
    [GeneratedRegex(
        @"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?"
        + @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        + @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,})?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
