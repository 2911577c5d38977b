using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Signing in with a name and password, for the API and the console alike: throttled, then checked.</summary>
public sealed class PasswordSignIn(UserDirectory users, SignInThrottle throttle, TotpFactors factors)
{
    public abstract record Result
    {
        public sealed record Granted(AccessGrant Grant) : Result;

        /// <summary>Too many wrong passwords: refused, right or wrong, for this long.</summary>
        public sealed record Throttled(TimeSpan RetryAfter) : Result;

        public sealed record Wrong : Result;

        /// <summary>The password was right and the user has a second factor: the sign-in needs its code.</summary>
        public sealed record CodeNeeded : Result;
    }

    /// <summary>The text for a wrong name or password: it never says which was wrong.</summary>
    public const string WrongText = "that user name and password do not match";

    /// <summary>The text when a second factor's code is missing or wrong.</summary>
    public const string CodeText = "code: this user signs in with a second factor; give the 6-digit code from their authenticator app";

    /// <param name="code">The TOTP code, for a user with a second factor; a wrong one counts as a wrong password.</param>
    public async Task<Result> SignInAsync(string user, string password, string? code, string address, CancellationToken cancellationToken)
    {
        if (throttle.RetryAfter(user, address) is { } wait)
        {
            return new Result.Throttled(wait);
        }

        if (await users.VerifyAsync(user, password, cancellationToken) is { } grant)
        {
            if (await factors.IsEnabledAsync(user, cancellationToken))
            {
                if (string.IsNullOrEmpty(code))
                {
                    return new Result.CodeNeeded();
                }

                if (!await factors.VerifyAsync(user, code.Trim(), cancellationToken))
                {
                    throttle.Failed(user, address);
                    return new Result.CodeNeeded();
                }
            }

            throttle.Succeeded(user, address);
            return new Result.Granted(grant);
        }

        throttle.Failed(user, address);
        return new Result.Wrong();
    }

    /// <summary>"Too many wrong passwords …; try again in 14 min".</summary>
    public static string ThrottledText(TimeSpan wait) =>
        $"too many wrong passwords for this user or from this address; try again in {(wait.TotalSeconds < 90 ? $"{Math.Ceiling(wait.TotalSeconds)} s" : $"{Math.Ceiling(wait.TotalMinutes)} min")}";
}
