using System.Collections.Immutable;

namespace Gantry.AppModel.Spec.Policies;

/// <summary>Cross-origin requests from <c>Origins</c> (<c>*</c>: any) are allowed; preflights are answered by the gateway.</summary>
public sealed record CorsSpec(ImmutableArray<string> Origins, ImmutableArray<string> Methods, ImmutableArray<string> Headers, bool Credentials, TimeSpan MaxAge);
