using System.Security.Cryptography;
using System.Text;

namespace Gantry.AppModel.Resources;

/// <summary>
/// The bucket an <c>s3</c> resource gets: <c>APP-ID</c> (ID: the resource's <c>id</c>, else <c>WORKLOAD-NAME</c>),
/// kept within S3's rules (3–63 lowercase letters, digits and hyphens); a name changed or cut to fit ends with a hash
/// of what was asked, so two resources never share one by accident.
/// </summary>
internal static class BucketNames
{
    private const int Max = 63;

    public static string Of(string app, string workload, ScoreResourceKey resource)
    {
        var wanted = $"{app}-{resource.Id ?? $"{workload}-{resource.Name}"}";
        var name = new StringBuilder();
        foreach (var c in wanted.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(next);
            }
        }

        var clean = name.ToString().Trim('-');
        if (clean == wanted && clean.Length is >= 3 and <= Max)
        {
            return clean;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wanted)))[..8];
        return $"{clean[..Math.Min(clean.Length, Max - 9)].TrimEnd('-')}-{hash}".TrimStart('-');
    }
}
