using System.Text.RegularExpressions;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Targets;

/// <summary>
/// Targets (clusters by kubeconfig context, GitOps repositories) and environments mapped to them. Every input is
/// checked here and refused with the field named; a target still used by an environment cannot be removed.
/// </summary>
public sealed partial class EnvironmentRegistry(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time)
{
    public async Task<TargetRecord> SaveTargetAsync(string name, TargetInput input, CancellationToken ct)
    {
        CheckName(name, "name");
        var record = new TargetRecord { Name = name, Kind = input.Kind, CreatedAt = time.GetUtcNow() };
        if (input.Kind == TargetKind.Kubernetes)
        {
            if (input.Kubeconfig is { } kubeconfig && (!Path.IsPathFullyQualified(kubeconfig) || !File.Exists(kubeconfig)))
            {
                throw new EnvironmentException(400, $"kubeconfig: '{kubeconfig}' is not an existing file given by its full path");
            }

            record.Kubeconfig = input.Kubeconfig;
            record.Context = Blank(input.Context);
        }
        else
        {
            record.Repository = CheckRepository(input.Repository);
            record.Branch = Blank(input.Branch) ?? "main";
            if (!Git.RepositoryUrls.IsBranchName(record.Branch))
            {
                throw new EnvironmentException(400, $"branch: '{record.Branch}' is not a branch name");
            }
        }

        record.Gateway = Blank(input.Gateway) ?? record.Gateway;
        if (record.Gateway.Split('/') is not [var ns, var gateway] || !Label().IsMatch(ns) || !Label().IsMatch(gateway))
        {
            throw new EnvironmentException(400, $"gateway: '{record.Gateway}' is not NAMESPACE/NAME");
        }

        record.Registry = Blank(input.Registry) ?? record.Registry;
        if (input.Operators?.FirstOrDefault(o => !Kubernetes.RenderOptions.KnownOperators.Contains(o)) is { } unknown)
        {
            throw new EnvironmentException(400, $"operators: '{unknown}' is not an operator Gantry renders for; known: {string.Join(", ", Kubernetes.RenderOptions.KnownOperators)}");
        }

        record.Operators = string.Join(',', (input.Operators ?? []).Distinct().Order(StringComparer.Ordinal));
        record.Domain = Blank(input.Domain)?.ToLowerInvariant().Trim('.');
        if (record.Domain is { } domain && !domain.Split('.').All(Label().IsMatch))
        {
            throw new EnvironmentException(400, $"domain: '{domain}' is not a domain name (for example apps.example.com)");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Targets.SingleOrDefaultAsync(t => t.Name == name, ct) is { } existing)
        {
            record.CreatedAt = existing.CreatedAt;
            db.Entry(existing).CurrentValues.SetValues(record);
        }
        else
        {
            db.Targets.Add(record);
        }

        await db.SaveChangesAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<TargetRecord>> ListTargetsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Targets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
    }

    public async Task RemoveTargetAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Targets.SingleOrDefaultAsync(t => t.Name == name, ct) ?? throw new EnvironmentException(404, $"there is no target '{name}'");
        var users = await db.Environments.Where(e => e.Target == name).Select(e => e.Name).ToListAsync(ct);
        if (users.Count > 0)
        {
            throw new EnvironmentException(409, $"target '{name}' is used by environment {string.Join(", ", users)}; map it elsewhere first");
        }

        db.Targets.Remove(target);
        await db.SaveChangesAsync(ct);
    }

    public async Task<EnvironmentRecord> SaveEnvironmentAsync(string name, string target, CancellationToken ct)
    {
        CheckName(name, "name");
        if (name == EnvironmentRecord.Local)
        {
            throw new EnvironmentException(400, "name: 'local' is this machine and always exists");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (target != EnvironmentRecord.Local && !await db.Targets.AnyAsync(t => t.Name == target, ct))
        {
            var known = await db.Targets.Select(t => t.Name).ToListAsync(ct);
            throw new EnvironmentException(400, $"target: there is no target '{target}' (known: {string.Join(", ", known.Prepend(EnvironmentRecord.Local))}); add one with 'gantry targets add'");
        }

        var record = await db.Environments.SingleOrDefaultAsync(e => e.Name == name, ct);
        if (record is null)
        {
            record = new EnvironmentRecord { Name = name, Target = target, CreatedAt = time.GetUtcNow() };
            db.Environments.Add(record);
        }
        else
        {
            record.Target = target;
        }

        await db.SaveChangesAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<EnvironmentRecord>> ListEnvironmentsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Environments.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Name).ToListAsync(ct);
    }

    public async Task RemoveEnvironmentAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Environments.SingleOrDefaultAsync(e => e.Name == name, ct) ?? throw new EnvironmentException(404, $"there is no environment '{name}'");
        db.Environments.Remove(record);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An environment and its target; <c>local</c> has no target.</summary>
    public async Task<(EnvironmentRecord Environment, TargetRecord? Target)> ResolveAsync(string name, CancellationToken ct)
    {
        if (name == EnvironmentRecord.Local)
        {
            return (new EnvironmentRecord { Name = name, Target = EnvironmentRecord.Local }, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var environment = await db.Environments.AsNoTracking().SingleOrDefaultAsync(e => e.Name == name, ct)
            ?? throw new EnvironmentException(404, $"there is no environment '{name}'; add one with 'gantry envs set {name} --target TARGET'");
        var target = environment.Target == EnvironmentRecord.Local ? null : await db.Targets.AsNoTracking().SingleAsync(t => t.Name == environment.Target, ct);
        return (environment, target);
    }

    private static void CheckName(string name, string field)
    {
        if (!Label().IsMatch(name))
        {
            throw new EnvironmentException(400, $"{field}: '{name}' is not a name: use lowercase letters, digits and '-' (at most 63)");
        }
    }

    /// <summary>A repository URL git understands; credentials in it are refused so they are never stored or shown.</summary>
    private static string CheckRepository(string? repository)
    {
        if (Blank(repository) is not { } url)
        {
            throw new EnvironmentException(400, "repository: give the configuration repository's URL (https://, ssh://, git@host:path or a local path)");
        }

        if (Git.RepositoryUrls.HasCredentials(url))
        {
            throw new EnvironmentException(400, "repository: the URL carries credentials; use an SSH key or a git credential helper instead, so no secret is stored");
        }

        return url;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();
}
