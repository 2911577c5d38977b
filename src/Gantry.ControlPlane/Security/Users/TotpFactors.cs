using System.Security.Cryptography;
using Gantry.ControlPlane.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>
/// Optional TOTP second factors (RFC 6238: 6 digits, 30-second steps, SHA-1, as authenticator apps expect): a secret
/// handed out once, confirmed with a first code, then asked at every password sign-in. Secrets are sealed at rest; a
/// code is taken once; one step of clock drift either way is allowed.
/// </summary>
public sealed class TotpFactors(IDbContextFactory<GantryDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gantry.Users.Totp.v1");

    public async Task<bool> IsEnabledAsync(string user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserFactors.AnyAsync(f => f.User == user && f.Secret != null, cancellationToken);
    }

    /// <summary>A new secret for the user to put in an authenticator app; it counts once <see cref="ConfirmAsync"/> took a code of it.</summary>
    public async Task<(string Secret, string Uri)> BeginAsync(string user, CancellationToken cancellationToken)
    {
        var secret = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.UserFactors.FindAsync([user], cancellationToken);
        if (record is null)
        {
            db.UserFactors.Add(record = new UserFactorRecord { User = user });
        }

        record.Pending = _protector.Protect(secret);
        await db.SaveChangesAsync(cancellationToken);
        var uri = $"otpauth://totp/Gantry:{Uri.EscapeDataString(user)}?secret={secret}&issuer=Gantry&digits=6&period=30";
        return (secret, uri);
    }

    /// <summary>Turns the handed-out secret on when <paramref name="code"/> is one of its codes.</summary>
    public Task<bool> ConfirmAsync(string user, string code, CancellationToken cancellationToken) => CheckAsync(user, code, pending: true, cancellationToken);

    /// <summary>True when <paramref name="code"/> is the user's current code and was not taken before.</summary>
    public Task<bool> VerifyAsync(string user, string code, CancellationToken cancellationToken) => CheckAsync(user, code, pending: false, cancellationToken);

    /// <summary>Turns the user's second factor off; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserFactors.Where(f => f.User == user).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private async Task<bool> CheckAsync(string user, string code, bool pending, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.UserFactors.FindAsync([user], cancellationToken);
        if ((pending ? record?.Pending : record?.Secret) is not { } sealedSecret || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(_protector.Unprotect(sealedSecret)));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) || step <= record!.LastStep)
        {
            return false;
        }

        if (!pending)
        {
            // Taken only if no sign-in took this step (or a later one) meanwhile: two at once cannot both use one code.
            return await db.UserFactors.Where(f => f.User == user && f.LastStep < step)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.LastStep, step), cancellationToken) == 1;
        }

        record.LastStep = step;
        record.Secret = record.Pending;
        record.Pending = null;
        record.ConfirmedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
