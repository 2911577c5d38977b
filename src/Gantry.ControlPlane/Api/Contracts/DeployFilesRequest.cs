namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A deploy from posted files (no sources to build): the entry file (a Score file or gantry.yaml) and every file it names, by relative path.</summary>
/// <param name="Name">The app's name when the entry is a compose file without a top-level 'name:'.</param>
/// <param name="Profiles">A compose entry's profiles whose services are deployed too.</param>
/// <param name="Provision">A compose entry's well-known servers (postgres, mysql, redis, rabbitmq, minio) become provisioned resources.</param>
public sealed record DeployFilesRequest(string? Entry, IReadOnlyDictionary<string, string>? Files, string? Name = null, IReadOnlyList<string>? Profiles = null, bool Provision = false);
