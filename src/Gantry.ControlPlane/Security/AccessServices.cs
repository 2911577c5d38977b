using Gantry.ControlPlane.Console;
using Gantry.ControlPlane.Security.Oidc;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Security;

/// <summary>Who calls and what they may do: tokens, users, teams, sign-ins, and the schemes that authenticate them.</summary>
public static class AccessServices
{
    public static IServiceCollection AddGantryAccess(this IServiceCollection services, OidcOptions? oidc)
    {
        services.AddSingleton<ApiTokenRegistry>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<TeamStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<TotpFactors>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<CliSignInCodes>();
        services.AddSingleton<CallerGrants>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<TeamChanges>();
        services.AddSingleton<OwnAccount>();
        services.AddAuthentication(ConsoleAuthentication.EitherScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddConsoleCookie(BearerTokenHandler.SchemeName)
            .AddGantryOidc(oidc);
        services.AddAuthorization();
        return services;
    }
}
