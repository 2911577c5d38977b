using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>Cross-origin requests from <c>Origins</c> (<c>*</c>: any) are allowed; preflights are answered by the gateway.</summary>
public sealed record CorsConfig(ImmutableArray<string> Origins, ImmutableArray<string> Methods, ImmutableArray<string> Headers, bool Credentials, TimeSpan MaxAge);
