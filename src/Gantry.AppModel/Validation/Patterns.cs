using System.Text.RegularExpressions;

namespace Gantry.AppModel.Validation;

/// <summary>The Score schema's patterns (score-v1b1.json), anchored with \z so a trailing newline cannot slip through.</summary>
internal static partial class Patterns
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]\z")]
    public static partial Regex Rfc1123Label();

    [GeneratedRegex(@"^(([a-z0-9][a-z0-9-]{0,61}[a-z0-9])(\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]\z")]
    public static partial Regex AnnotationKey();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]\z")]
    public static partial Regex ResourceTypeOrClass();

    [GeneratedRegex(@"^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*\z")]
    public static partial Regex ResourceId();

    [GeneratedRegex(@"^(0\.[0-9]+|[1-9][0-9]*(\.[0-9]+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?\z")]
    public static partial Regex Memory();

    [GeneratedRegex(@"^[0-9]+(?:m|\.[0-9]+)?\z")]
    public static partial Regex Cpu();

    [GeneratedRegex(@"^0?[0-7]{3}\z")]
    public static partial Regex FileMode();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z")]
    public static partial Regex HeaderName();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\z")]
    public static partial Regex DnsName();
}
