using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>For requests with one of <c>Methods</c> (empty: any method): the caller needs any of <c>Roles</c> and all of <c>Scopes</c>.</summary>
public sealed record AccessRuleConfig(ImmutableArray<string> Methods, ImmutableArray<string> Roles, ImmutableArray<string> Scopes);
