using System.Security.Cryptography;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;
using Gantry.Git;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Git;

/// <summary>
/// Apps' repository connections (<c>gantry apps connect</c>): where their files come from, the webhook secret pushes
/// are verified with, and for SSH repositories a deploy key Gantry generates. Secrets are sealed at rest and shown
/// once: the webhook secret in the answer that made it; a private key never.
/// </summary>
public sealed class GitConnections(IDbContextFactory<GantryDbContext> dbFactory, IDataProtectionProvider protection, AppEventLog events, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Git.v1");

    public static string WebhookPath(string app) => $"/hooks/git/{app}";

    public async Task<GitConnectionInfo?> GetAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.GitConnections.AsNoTracking().SingleOrDefaultAsync(g => g.App == app, cancellationToken) is { } record ? Describe(record) : null;
    }

    /// <summary>The connection with its secrets, for a fetch or a webhook; null when the app is not connected.</summary>
    public async Task<OpenedConnection?> OpenAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.GitConnections.AsNoTracking().SingleOrDefaultAsync(g => g.App == app, cancellationToken);
        return record is null ? null : new OpenedConnection(
            record, _protector.Unprotect(record.SealedWebhookSecret), record.SealedDeployKey is { } key ? _protector.Unprotect(key) : null);
    }

    /// <exception cref="GitRefusedException">A field is invalid (400).</exception>
    public async Task<GitConnectionInfo> ConnectAsync(string app, GitConnectRequest request, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.GitConnections.SingleOrDefaultAsync(g => g.App == app, cancellationToken);
        var repository = ConnectionFields.Repository(request.Repository ?? record?.Repository);
        var now = time.GetUtcNow();
        var created = record is null;
        record ??= new GitConnectionRecord { App = app, Repository = repository, Branch = "main", SealedWebhookSecret = "", CreatedAt = now };
        record.Repository = repository;
        record.Branch = ConnectionFields.Branch(request.Branch ?? record.Branch);
        record.Path = ConnectionFields.Folder(request.Path ?? record.Path);
        record.Entry = request.Entry is null ? record.Entry : ConnectionFields.Entry(request.Entry);
        record.Previews = request.Previews ?? record.Previews;
        record.UpdatedAt = now;

        var rotate = request.RotateSecrets == true;
        string? secret = null;
        if (created || rotate)
        {
            secret = Base64Url(RandomNumberGenerator.GetBytes(32));
            record.SealedWebhookSecret = _protector.Protect(secret);
        }

        if (!RepositoryUrls.IsSsh(repository))
        {
            (record.DeployKeyPublic, record.SealedDeployKey) = (null, null);
        }
        else if (record.DeployKeyPublic is null || rotate)
        {
            DeployKey key;
            try
            {
                key = await DeployKey.GenerateAsync($"gantry-{app}", cancellationToken);
            }
            catch (GitException e)
            {
                throw new GitRefusedException(StatusCodes.Status500InternalServerError, e.Message);
            }

            (record.DeployKeyPublic, record.SealedDeployKey) = (key.PublicKey, _protector.Protect(key.PrivateKey));
        }

        if (created)
        {
            db.GitConnections.Add(record);
        }

        await db.SaveChangesAsync(cancellationToken);
        var change = created ? "connected to" : "connection changed to";
        await events.WriteAsync(app, null, "git.connected", $"{change} {repository} branch {record.Branch}{(record.Path.Length > 0 ? $" folder {record.Path}" : "")}{(rotate ? " (secrets rotated)" : "")}", actor, cancellationToken);
        return Describe(record) with { WebhookSecret = secret };
    }

    public async Task<bool> DisconnectAsync(string app, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.GitConnections.Where(g => g.App == app).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }

        await events.WriteAsync(app, null, "git.disconnected", "disconnected from its repository: pushes no longer deploy", actor, cancellationToken);
        return true;
    }

    private static GitConnectionInfo Describe(GitConnectionRecord r) => new(
        r.App, r.Repository, r.Branch, r.Path, r.Entry, r.Previews, r.DeployKeyPublic,
        r.DeployKeyPublic is { } key ? DeployKey.Fingerprint(key) : null, WebhookPath(r.App), r.CreatedAt, r.UpdatedAt);

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
