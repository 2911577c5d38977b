using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gantry.Testing.Oidc;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on http://127.0.0.1 with an OS-chosen port: discovery, JWKS, the
/// authorization code flow with PKCE (S256), userinfo and end session, one client and a few users who sign in on a
/// plain HTML form. Each instance has its own keys, store and cookie, so two can run side by side.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private OidcProvider(WebApplication app, TempDirectory data, OidcProviderOptions options, Uri issuer)
    {
        _app = app;
        _data = data;
        Options = options;
        Issuer = issuer;
    }

    /// <summary>The provider's base URL, ending in '/': the <c>iss</c> of its tokens and where discovery is found.</summary>
    public Uri Issuer { get; }

    public OidcProviderOptions Options { get; }

    public string ClientId => Options.ClientId;

    public Uri DiscoveryUrl => new(Issuer, ".well-known/openid-configuration");

    public static async Task<OidcProvider> StartAsync(OidcProviderOptions options)
    {
        var data = new TempDirectory("gantry-oidc");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(options);
        AddServices(builder.Services, options, data.Combine("provider.db"));

        var app = builder.Build();
        app.UseAuthentication();
        OidcProviderEndpoints.Map(app);
        try
        {
            await RegisterClientAsync(app.Services, options);
            foreach (var other in options.OtherClientIds)
            {
                await RegisterClientAsync(app.Services, options with { ClientId = other, ClientSecret = null, OtherClientIds = [] });
            }

            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        // The port is known only now. OpenIddict reads its options per request from this one cached instance; setting
        // the issuer makes it the same whatever Host header a request carries (localhost, 127.0.0.1).
        var issuer = new Uri(new Uri(app.Urls.First()), "/");
        app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Issuer = issuer;
        return new OidcProvider(app, data, options, issuer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _data.Dispose();
    }

    private static void AddServices(IServiceCollection services, OidcProviderOptions options, string databasePath)
    {
        // No pooling: the file is deleted with the provider, and nothing holds it open after disposal.
        services.AddDbContext<OidcProviderStore>(db => db.UseSqlite($"Data Source={databasePath};Pooling=False").UseOpenIddict());

        // Keys in memory only: a second provider, or the Gantry under test in this process, never shares them.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication()
            .AddCookie(OidcProviderEndpoints.LoginScheme, cookie =>
            {
                // Browsers share cookies across ports of one host: a name of its own keeps this provider's session
                // apart from Gantry's cookie and from a second provider's on 127.0.0.1.
                cookie.Cookie.Name = $"oidc-provider-{Guid.NewGuid():N}"[..26];
                cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            });

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OidcProviderStore>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(OidcProviderEndpoints.AuthorizePath)
                    .SetTokenEndpointUris(OidcProviderEndpoints.TokenPath)
                    .SetUserInfoEndpointUris(OidcProviderEndpoints.UserInfoPath)
                    .SetEndSessionEndpointUris(OidcProviderEndpoints.EndSessionPath);
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, OidcUserClaims.GroupsScope);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Email, Claims.EmailVerified, OidcUserClaims.GroupsClaim);

                // A fresh RSA key per provider (RS256 signatures): tokens of one provider never validate at another.
                // Codes are encrypted with a random AES key: a second RSA key would double the start-up time (RSA key
                // generation took seconds on a loaded 2-core machine).
                server.AddEphemeralSigningKey();
                server.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));
                server.DisableAccessTokenEncryption();

                // S256 only, as current practice asks: a 'plain' challenge is refused.
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

                server.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });
    }

    private static async Task RegisterClientAsync(IServiceProvider services, OidcProviderOptions options)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OidcProviderStore>().Database.EnsureCreatedAsync();
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            ClientType = options.ClientSecret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = options.ClientId,
            RedirectUris = { options.RedirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + OidcUserClaims.GroupsScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (options.PostLogoutRedirectUri is { } postLogout)
        {
            client.PostLogoutRedirectUris.Add(postLogout);
        }

        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(client);
    }
}
