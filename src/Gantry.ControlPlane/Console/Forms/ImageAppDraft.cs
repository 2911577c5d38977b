using System.Globalization;
using System.Text;
using System.Text.Json;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;

namespace Gantry.ControlPlane.Console.Forms;

/// <summary>
/// The deploy form's "from an image" fields. They become a gantry.yaml and a Score file, checked by the same loader
/// as <c>gantry deploy</c>, so the form shows the CLI's messages, each under the field it is about.
/// </summary>
public sealed class ImageAppDraft
{
    public const string General = "";

    public string Name { get; set; } = "";

    public string Image { get; set; } = "";

    public string Port { get; set; } = "8080";

    /// <summary>Empty: <c>NAME.localhost</c>.</summary>
    public string Domain { get; set; } = "";

    /// <summary>One <c>KEY=VALUE</c> per line.</summary>
    public string Environment { get; set; } = "";

    public string Replicas { get; set; } = "1";

    /// <summary>Empty: readiness is a TCP connect.</summary>
    public string HealthPath { get; set; } = "";

    /// <summary>Empty: none; else a resource type (postgres, mysql, redis) the app gets as its resource "db".</summary>
    public string Database { get; set; } = "";

    /// <summary>The database kinds the form offers, with the variables the app receives for each.</summary>
    public static IReadOnlyList<(string Type, string Label, string Prefix, string[] Outputs)> DatabaseChoices { get; } =
    [
        ("postgres", "PostgreSQL", "DB", ["host", "port", "name", "username", "password"]),
        ("mysql", "MySQL (MariaDB)", "DB", ["host", "port", "name", "username", "password"]),
        ("redis", "Redis", "REDIS", ["host", "port", "username", "password", "prefix"]),
    ];

    /// <summary>The files to deploy, or the errors by field (<see cref="General"/> for those of no one field).</summary>
    /// <param name="catalog">The platform's resource types; null: Gantry's built-in ones.</param>
    public DraftResult Build(ProvisionerCatalog? catalog = null)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var port = Number(nameof(Port), Port, "the port the app listens on", errors);
        var replicas = Number(nameof(Replicas), Replicas, "how many instances to run", errors);
        var variables = Variables(errors);
        if (errors.Count > 0)
        {
            return DraftResult.Invalid(errors);
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gantry.yaml"] = GantryFile(replicas!.Value),
            ["score.yaml"] = ScoreFile(port!.Value, variables),
        };
        catalog ??= ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);
        var loaded = AppLoader.Load(new InMemoryAppFiles(files), "gantry.yaml", AppLoadOptions.Local with { Provisioners = catalog });
        foreach (var error in loaded.Errors)
        {
            Add(errors, FieldOf(error), error.Message);
        }

        // Without a domain of its own the app's host comes from its name: a bad name is the one thing to fix.
        if (errors.ContainsKey(nameof(Name)) && Domain.Trim().Length == 0)
        {
            errors.Remove(nameof(Domain));
        }

        return errors.Count > 0 ? DraftResult.Invalid(errors) : DraftResult.Valid(files);
    }

    private static int? Number(string field, string text, string what, Dictionary<string, List<string>> errors)
    {
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Add(errors, field, $"'{text}' is not a number: enter {what} as a whole number");
        return null;
    }

    private List<KeyValuePair<string, string>> Variables(Dictionary<string, List<string>> errors)
    {
        var variables = new List<KeyValuePair<string, string>>();
        var lines = Environment.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : line[..equals].Trim();
            if (key.Length == 0)
            {
                Add(errors, nameof(Environment), $"line {i + 1}: '{line}' is not KEY=VALUE");
                continue;
            }

            if (variables.Exists(v => v.Key == key))
            {
                Add(errors, nameof(Environment), $"line {i + 1}: {key} is set twice");
                continue;
            }

            variables.Add(new(key, line[(equals + 1)..]));
        }

        return variables;
    }

    private string GantryFile(int replicas) => $"""
        name: {Quote(Name.Trim())}
        workloads:
          - score: score.yaml
            replicas: {replicas}
        """;

    private string ScoreFile(int port, List<KeyValuePair<string, string>> variables)
    {
        var score = new StringBuilder();
        score.AppendLine(CultureInfo.InvariantCulture, $"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http:
                  port: {port}
            containers:
              app:
                image: {Quote(Image.Trim())}
            """);
        var database = DatabaseChoices.FirstOrDefault(c => c.Type == Database.Trim());
        if (variables.Count > 0 || database.Type is not null)
        {
            score.AppendLine("    variables:");
            foreach (var (key, value) in variables)
            {
                score.AppendLine(CultureInfo.InvariantCulture, $"      {Quote(key)}: {Quote(Literal(value))}");
            }

            // The database's outputs, as DB_HOST… (REDIS_HOST… for redis), unless the form's own variables set them.
            foreach (var output in database.Outputs ?? [])
            {
                var name = $"{database.Prefix}_{(output == "username" ? "USER" : output.ToUpperInvariant())}";
                if (!variables.Exists(v => v.Key == name))
                {
                    score.AppendLine(CultureInfo.InvariantCulture, $"      {name}: ${{resources.db.{output}}}");
                }
            }
        }

        if (HealthPath.Trim() is { Length: > 0 } path)
        {
            score.AppendLine(CultureInfo.InvariantCulture, $"""
                    readinessProbe:
                      httpGet:
                        path: {Quote(path)}
                        port: {port}
                """);
        }

        var host = Domain.Trim() is { Length: > 0 } domain ? $"\n    params:\n      host: {Quote(Literal(domain))}" : "";
        score.AppendLine(CultureInfo.InvariantCulture, $"""
            resources:
              dns:
                type: dns{host}
              route:
                type: route
                params:
                  host: ${"{"}resources.dns.host{"}"}
                  path: /
                  port: {port}
            """);
        if (Database.Trim() is { Length: > 0 } type)
        {
            score.AppendLine(CultureInfo.InvariantCulture, $"""
                  db:
                    type: {Quote(type)}
                """);
        }

        return score.ToString();
    }

    /// <summary>Which form field a loader error is about, by the file and field path it names.</summary>
    private static string FieldOf(SpecError error) => (error.File, error.Field) switch
    {
        ("gantry.yaml", "name") => nameof(Name),
        ("gantry.yaml", var f) when f.Contains("replicas", StringComparison.Ordinal) => nameof(Replicas),
        (_, var f) when f.StartsWith("containers.app.image", StringComparison.Ordinal) => nameof(Image),
        (_, var f) when f.StartsWith("containers.app.variables", StringComparison.Ordinal) => nameof(Environment),
        (_, var f) when f.StartsWith("containers.app.readinessProbe.httpGet.port", StringComparison.Ordinal) => nameof(Port),
        (_, var f) when f.StartsWith("containers.app.readinessProbe", StringComparison.Ordinal) => nameof(HealthPath),
        (_, var f) when f.StartsWith("service.ports", StringComparison.Ordinal) || f.StartsWith("resources.route.params.port", StringComparison.Ordinal) => nameof(Port),
        (_, var f) when f.StartsWith("resources.dns", StringComparison.Ordinal) || f.StartsWith("resources.route", StringComparison.Ordinal) => nameof(Domain),
        (_, var f) when f.StartsWith("resources.db", StringComparison.Ordinal) => nameof(Database),
        _ => General,
    };

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>What is typed in a form is meant as is: a Score placeholder (<c>${…}</c>) in it is escaped, not expanded.</summary>
    private static string Literal(string value) => value.Replace("${", "$${", StringComparison.Ordinal);

    // A JSON string is a YAML double-quoted scalar: nothing typed in the form can break out of it.
    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
