using System.Collections.Immutable;

namespace Gantry.AppModel.Spec.Policies;

/// <summary>For requests with one of <c>Methods</c> (empty: any method): the caller needs any of <c>Roles</c> and all of <c>Scopes</c>.</summary>
public sealed record AccessRuleSpec(ImmutableArray<string> Methods, ImmutableArray<string> Roles, ImmutableArray<string> Scopes);
