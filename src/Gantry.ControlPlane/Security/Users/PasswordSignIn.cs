using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security.Users;

/// <summary>Signing in with a name and password, for the API and the console alike: throttled, then checked.</summary>
public sealed class PasswordSignIn(UserDirectory users, SignInThrottle throttle)
{
    public abstract record Result
    {
        public sealed record Granted(AccessGrant Grant) : Result;

        /// <summary>Too many wrong passwords: refused, right or wrong, for this long.</summary>
        public sealed record Throttled(TimeSpan RetryAfter) : Result;

        public sealed record Wrong : Result;
    }

    /// <summary>The text for a wrong name or password: it never says which was wrong.</summary>
    public const string WrongText = "that user name and password do not match";

    public async Task<Result> SignInAsync(string user, string password, string address, CancellationToken cancellationToken)
    {
        if (throttle.RetryAfter(user, address) is { } wait)
        {
            return new Result.Throttled(wait);
        }

        if (await users.VerifyAsync(user, password, cancellationToken) is { } grant)
        {
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
