namespace Gantry.AppModel.Loading;

/// <summary>
/// The values <c>environment</c> resources give (<c>${resources.env.API_KEY}</c>), by app: on the server, the app's
/// settings over the platform's (<c>gantry config</c>); for <c>gantry render</c>, the command's own environment, as
/// score-compose does.
/// </summary>
/// <param name="ValuesOf">The values an app sees, by its name.</param>
/// <param name="WhereToSet">Completes "set it …" in the error for a key an app has no value for, by the app's name.</param>
public sealed record EnvironmentSettings(Func<string, IReadOnlyDictionary<string, string>> ValuesOf, Func<string, string> WhereToSet)
{
    public static EnvironmentSettings Of(IReadOnlyDictionary<string, string> values, string whereToSet) => new(_ => values, _ => whereToSet);
}
