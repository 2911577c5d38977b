using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>The value kinds policies use beyond plain scalars: byte sizes, durations, ratios, addresses.</summary>
internal static partial class PolicyScalars
{
    private const long MaxBytes = 1L << 40;

    [GeneratedRegex(@"^([0-9]{1,13})(|B|k|K|Ki|KB|M|Mi|MB|G|Gi|GB)\z")]
    private static partial Regex SizePattern();

    /// <summary>A byte size: a number, optionally with a unit (<c>512Ki</c>, <c>10Mi</c>, <c>1MB</c>); more than 0.</summary>
    public static long? Size(YamlValue? value, string field, FileErrors errors)
    {
        if (Scalars.String(value, field, errors) is not { } text)
        {
            return null;
        }

        var match = SizePattern().Match(text.Value);
        if (!match.Success)
        {
            errors.Add(text, field, $"'{text.Value}' is not a size: use bytes or a number with a unit, for example 512Ki, 10Mi or 1MB");
            return null;
        }

        var unit = match.Groups[2].Value switch
        {
            "" or "B" => 1L,
            "k" or "K" or "KB" => 1000L,
            "Ki" => 1024L,
            "M" or "MB" => 1000_000L,
            "Mi" => 1L << 20,
            "G" or "GB" => 1000_000_000L,
            _ => 1L << 30,
        };
        var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (amount == 0 || amount > MaxBytes / unit)
        {
            errors.Add(text, field, "must be more than 0 and at most 1Ti");
            return null;
        }

        return amount * unit;
    }

    /// <summary>A duration such as <c>30s</c>; more than 0 and at most 24h.</summary>
    public static TimeSpan? Duration(YamlValue? value, string field, FileErrors errors)
    {
        if (Scalars.String(value, field, errors) is not { } text)
        {
            return null;
        }

        if (!Durations.TryParse(text.Value, out var duration))
        {
            errors.Add(text, field, $"'{text.Value}' is not a duration: use a number with a unit, for example 500ms, 30s, 5m or 1h");
            return null;
        }

        if (duration <= TimeSpan.Zero || duration > Durations.Max)
        {
            errors.Add(text, field, "must be more than 0 and at most 24h");
            return null;
        }

        return duration;
    }

    /// <summary>A ratio between 0 and 1, exclusive of 0: <c>0.5</c>.</summary>
    public static double? Ratio(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalar { IsPlain: true } scalar
            || !double.TryParse(scalar.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ratio)
            || ratio <= 0 || ratio > 1)
        {
            errors.Add(value, field, $"expected a ratio above 0 and at most 1 (for example 0.5), got {Describe(value)}");
            return null;
        }

        return ratio;
    }

    /// <summary>A string or a list of strings, as the plural of a field that is usually one value (<c>audience</c>).</summary>
    public static ImmutableArray<string> OneOrMany(YamlValue? value, string field, FileErrors errors) => value switch
    {
        null => [],
        YamlScalar => Scalars.NonEmptyString(value, field, errors) is { } one ? [one.Value] : [],
        _ => [.. (Scalars.StringList(value, field, errors) ?? []).Select(s => s.Value)],
    };

    /// <summary>IP addresses or CIDR ranges (<c>10.0.0.0/8</c>, <c>::1</c>).</summary>
    public static ImmutableArray<string> Networks(YamlValue? value, string field, FileErrors errors)
    {
        var items = Scalars.StringList(value, field, errors) ?? [];
        var result = ImmutableArray.CreateBuilder<string>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var text = items[i].Value;
            if (IPAddress.TryParse(text, out _) || (text.Contains('/') && IPNetwork.TryParse(text, out _)))
            {
                result.Add(text);
                continue;
            }

            errors.Add(items[i], FieldPath.Index(field, i), $"'{text}' is not an IP address or a CIDR range (for example 10.0.0.0/8)");
        }

        return result.ToImmutable();
    }

    /// <summary>A count from 1 up to <paramref name="max"/>.</summary>
    public static int? Count(YamlValue? value, string field, FileErrors errors, int max = int.MaxValue) =>
        Scalars.Integer(value, field, errors, 1, max);

    private static string Describe(YamlValue value) => value is YamlScalar s ? $"'{s.Value}'" : value.Describe();
}
