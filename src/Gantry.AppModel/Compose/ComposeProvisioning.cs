using System.Text.RegularExpressions;

namespace Gantry.AppModel.Compose;

/// <summary>
/// <c>--provision</c>: a service running a well-known server image (postgres, mysql/mariadb, redis, rabbitmq, minio)
/// becomes a provisioned resource of each service that uses it, instead of a workload. What named it in variables —
/// its host, port, and the user, password and database it was given — is rewired to the resource's outputs.
/// </summary>
internal static partial class ComposeProvisioning
{
    private static readonly Dictionary<string, string> TypeOfServer = new(StringComparer.Ordinal)
    {
        ["postgres"] = "postgres",
        ["mysql"] = "mysql",
        ["redis"] = "redis",
        ["rabbitmq"] = "amqp",
        ["minio"] = "s3",
    };

    // The server's own settings whose values other services repeat, by the output that replaces them.
    private static readonly (string Output, string[] Variables)[] Credentials =
    [
        ("password", ["POSTGRES_PASSWORD", "MYSQL_PASSWORD", "MARIADB_PASSWORD", "RABBITMQ_DEFAULT_PASS", "REDIS_PASSWORD"]),
        ("username", ["POSTGRES_USER", "MYSQL_USER", "MARIADB_USER", "RABBITMQ_DEFAULT_USER"]),
        ("database", ["POSTGRES_DB", "MYSQL_DATABASE", "MARIADB_DATABASE"]),
        ("vhost", ["RABBITMQ_DEFAULT_VHOST"]),
        ("access_key_id", ["MINIO_ROOT_USER", "MINIO_ACCESS_KEY"]),
        ("secret_key", ["MINIO_ROOT_PASSWORD", "MINIO_SECRET_KEY"]),
    ];

    /// <summary>Takes the servers out of <paramref name="drafts"/> and gives their users resources; returns the services provisioned.</summary>
    public static HashSet<string> Apply(List<ServiceDraft> drafts, ComposeContext context)
    {
        var servers = drafts.Where(d => d.Build is null && d.KnownServer is { } server && TypeOfServer.ContainsKey(server)).ToList();
        foreach (var server in servers)
        {
            var type = TypeOfServer[server.KnownServer!];
            var users = new List<string>();
            foreach (var draft in drafts.Where(d => !servers.Contains(d)))
            {
                var resource = draft.FreeResourceName(server.Workload, type);
                var rewired = draft.Variables.Keys.ToList().Where(name => Rewire(draft, name, server, type, resource)).ToList();
                if (rewired.Count > 0)
                {
                    draft.Resources[resource] = new OrderedDictionary<string, object?> { ["type"] = type };
                    users.Add(draft.Service);
                    context.Approximate(draft.At, $"{draft.Field}.environment",
                        $"{string.Join(", ", rewired)} now come from the {type} resource '{resource}' (--provision: {server.Service} is provisioned, not run)");
                }
            }

            context.Approximate(server.At, server.Field, users.Count == 0
                ? $"--provision: no service names {server.Service} in its variables, so it is not provisioned for any; it is left out"
                : $"--provision: a {type} resource of {string.Join(", ", users)} instead of a workload; the platform runs it, with its own user and password, and its data is the platform's (the image's volumes and settings are not used)");
            if (type == "redis" && users.Count > 0)
            {
                context.Approximate(server.At, server.Field, "a provisioned redis gives each app a user whose keys must start with the resource's 'prefix' output: an app that does not prefix its keys is refused by the server");
            }
        }

        drafts.RemoveAll(servers.Contains);
        return [.. servers.Select(s => s.Service)];
    }

    private static bool Rewire(ServiceDraft draft, string variable, ServiceDraft server, string type, string resource)
    {
        var value = (string)draft.Variables[variable]!;
        var output = (string name) => $"${{resources.{resource}.{name}}}";
        var rewritten = Url(server.Service).Replace(value, match => type == "s3"
            ? output("endpoint") + match.Groups["rest"].Value
            : $"{match.Groups["scheme"].Value}://{Credential(type, output)}{output("host")}:{output("port")}{Path(type, match.Groups["rest"].Value, output)}");
        // The bare name is a host only in a variable named for one (DB_USER: db is a user called db).
        if (rewritten == value && (value != server.Service || HostLike().IsMatch(variable)))
        {
            rewritten = HostAndPort(server.Service).Replace(value, match => match.Groups["port"].Success ? $"{output("host")}:{output("port")}" : output("host"));
        }

        if (rewritten == value && SameAsServerSetting(server, value, variable) is { } setting)
        {
            rewritten = output(setting);
        }
        else if (rewritten == value && variable.Contains("PORT", StringComparison.OrdinalIgnoreCase) && value == KnownImages.PortOf(server.Image!)?.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            rewritten = output("port");
        }

        draft.Variables[variable] = rewritten;
        return rewritten != value;
    }

    private static string Credential(string type, Func<string, string> output) =>
        type is "postgres" or "mysql" or "redis" or "amqp" ? $"{output("username")}:{output("password")}@" : "";

    /// <summary>A URL's path: the database (postgres, mysql) or the vhost (amqp) of the resource; redis keeps its database number.</summary>
    private static string Path(string type, string rest, Func<string, string> output)
    {
        var query = rest.IndexOfAny(['?', '#']) is var at and >= 0 ? rest[at..] : "";
        return type switch
        {
            "postgres" or "mysql" => $"/{output("database")}{query}",
            "amqp" => $"/{output("vhost")}{query}",
            _ => rest,
        };
    }

    /// <summary>The output a value stands for when it repeats the server's own user, password or database in a variable named for it.</summary>
    private static string? SameAsServerSetting(ServiceDraft server, string value, string variable)
    {
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var (output, names) in Credentials)
        {
            var named = output switch
            {
                "password" or "secret_key" => variable.Contains("PASS", StringComparison.OrdinalIgnoreCase) || variable.Contains("SECRET", StringComparison.OrdinalIgnoreCase),
                "username" or "access_key_id" => variable.Contains("USER", StringComparison.OrdinalIgnoreCase) || variable.Contains("ACCESS", StringComparison.OrdinalIgnoreCase),
                _ => variable.Contains("DB", StringComparison.OrdinalIgnoreCase) || variable.Contains("DATABASE", StringComparison.OrdinalIgnoreCase) || variable.Contains("VHOST", StringComparison.OrdinalIgnoreCase),
            };
            if (named && names.Any(n => server.Variables.TryGetValue(n, out var own) && own as string == value))
            {
                return output;
            }
        }

        return null;
    }

    private static Regex Url(string service) => new(
        $@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^\s/@]*@)?{Regex.Escape(service)}(?::\d{{1,5}})?(?<rest>[/?#][^\s]*)?(?=$|\s)", RegexOptions.CultureInvariant);

    private static Regex HostAndPort(string service) => new(
        $@"^{Regex.Escape(service)}(?::(?<port>\d{{1,5}}))?$", RegexOptions.CultureInvariant);

    [GeneratedRegex("HOST|ADDR|SERVER|ENDPOINT", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostLike();
}
