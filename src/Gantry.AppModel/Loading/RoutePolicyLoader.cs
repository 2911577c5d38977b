using System.Collections.Immutable;
using System.Text.Json;
using Gantry.AppModel.GantryFile.Policies;
using Gantry.AppModel.Resources;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Loading;

/// <summary>
/// Ties the policies of <c>workloads[].routes</c> to the Score file's route resources and reads the JWKS files they
/// name, so a typo in a route's name or a broken key file fails the deploy instead of leaving a route unprotected.
/// </summary>
internal static class RoutePolicyLoader
{
    private const int MaxJwksLength = 256 * 1024;

    public static ImmutableDictionary<string, RoutePolicySpec> Load(
        ImmutableArray<ParsedRoutePolicy> parsed, ScoreWorkload score, string folder, IAppFiles files, FileErrors errors)
    {
        var routeNames = score.Resources.Where(r => r.Type == ResourceTypes.Route).Select(r => r.Name).ToList();
        var result = ImmutableDictionary.CreateBuilder<string, RoutePolicySpec>(StringComparer.Ordinal);
        foreach (var policy in parsed)
        {
            var name = policy.Name.Value;
            if (!routeNames.Contains(name))
            {
                var known = routeNames.Count == 0
                    ? $"{score.File} has no route resources"
                    : $"its route resources: {string.Join(", ", routeNames)}";
                errors.Add(policy.Name, policy.Field, $"'{name}' is not a route resource of {score.File}; {known}{Suggestions.Hint(name, routeNames)}");
                continue;
            }

            result[name] = WithJwks(policy, folder, files, errors);
        }

        return result.ToImmutable();
    }

    private static RoutePolicySpec WithJwks(ParsedRoutePolicy parsed, string folder, IAppFiles files, FileErrors errors)
    {
        var policy = parsed.Policy;
        if (parsed.JwksFile is not { } node || policy.Auth?.Jwt is not { } jwt)
        {
            return policy;
        }

        if (!AppPath.TryCombine(folder, node.Value, out var path, out var problem))
        {
            errors.Add(node, parsed.JwksFileField, problem);
            return policy;
        }

        var text = files.ReadText(path);
        if (text is null)
        {
            errors.Add(node, parsed.JwksFileField, $"file '{path}' not found");
            return policy;
        }

        var mistake = text.Length > MaxJwksLength ? "it is larger than 256 KiB" : CheckJwks(text);
        if (mistake is not null)
        {
            errors.Add(node, parsed.JwksFileField, $"'{path}' is not a JSON Web Key Set: {mistake}");
            return policy;
        }

        return policy with { Auth = policy.Auth with { Jwt = jwt with { Jwks = text } } };
    }

    /// <summary>Null when the text is a key set with at least one key of a known type; otherwise what is wrong.</summary>
    private static string? CheckJwks(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                return "expected an object with a \"keys\" array";
            }

            var index = 0;
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object || !key.TryGetProperty("kty", out var kty)
                    || kty.GetString() is not ("RSA" or "EC" or "oct"))
                {
                    return $"keys[{index}] has no \"kty\" of RSA, EC or oct";
                }

                index++;
            }

            return index == 0 ? "the \"keys\" array is empty" : null;
        }
        catch (JsonException ex)
        {
            return $"line {(ex.LineNumber ?? 0) + 1}: {ex.Message.Split(" Path:", 2)[0]}";
        }
    }
}
