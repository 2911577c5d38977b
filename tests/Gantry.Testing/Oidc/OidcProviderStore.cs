using Microsoft.EntityFrameworkCore;

namespace Gantry.Testing.Oidc;

/// <summary>
/// OpenIddict's tables (the client, authorizations, codes) in a SQLite file of the provider's own: a real store lets
/// OpenIddict check the client, its redirect URI and secret, and redeem each code once, as a production provider does.
/// </summary>
internal sealed class OidcProviderStore(DbContextOptions<OidcProviderStore> options) : DbContext(options);
