using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>
/// What signed-in users change about themselves, through the API's <c>/me</c> and the console's account page alike:
/// their password and their second factor. <c>user</c> is null for a token that is not a user's.
/// </summary>
public sealed class OwnAccount(UserDirectory users, TotpFactors factors)
{
    private const string NotAUser = "this token is not a user's: sign in with 'gantry login' first";

    public Task<bool> HasSecondFactorAsync(string user, CancellationToken ct) => factors.IsEnabledAsync(user, ct);

    /// <summary>Sets a new password once the current one is proven; the user's console sessions end.</summary>
    public async Task<Refusal?> ChangePasswordAsync(string? user, string? current, string? password, CancellationToken ct)
    {
        if (user is null)
        {
            return Refusal.Invalid("this token is not a user's: sign in with 'gantry login' to change your password");
        }

        if (current is not { Length: > 0 } || await users.VerifyAsync(user, current, ct) is null)
        {
            return Refusal.Invalid("currentPassword: that is not your current password");
        }

        return PasswordRules.Problem("password", password) is { } problem ? Refusal.Invalid(problem)
            : await users.SetPasswordAsync(user, password!, ct) ? null
            : Refusal.NotFound($"no user '{user}'");
    }

    /// <summary>A new second factor's secret, shown once; it counts once <see cref="ConfirmSecondFactorAsync"/> took a code of it.</summary>
    public async Task<Outcome<TotpSetup>> BeginSecondFactorAsync(string? user, CancellationToken ct)
    {
        if (user is null)
        {
            return Refusal.Invalid(NotAUser);
        }

        var (secret, uri) = await factors.BeginAsync(user, ct);
        return new TotpSetup(secret, uri);
    }

    public async Task<Refusal?> ConfirmSecondFactorAsync(string? user, string? code, CancellationToken ct) =>
        user is null ? Refusal.Invalid(NotAUser)
        : code?.Trim() is not { Length: > 0 } typed ? Refusal.Invalid("code: give the 6-digit code the authenticator app shows")
        : await factors.ConfirmAsync(user, typed, ct) ? null
        : Refusal.Invalid("code: that is not the current code of the secret handed out (POST /api/v1/me/totp first)");

    public async Task<Refusal?> RemoveSecondFactorAsync(string? user, CancellationToken ct) =>
        user is null ? Refusal.Invalid(NotAUser)
        : await factors.RemoveAsync(user, ct) ? null
        : Refusal.NotFound("you have no second factor");
}
