using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile.Policies;

/// <summary>A route policy as written under <c>routes.NAME</c>; the JWKS file it names is read once the app's files are at hand.</summary>
internal sealed record ParsedRoutePolicy(YamlScalar Name, string Field, RoutePolicySpec Policy, YamlScalar? JwksFile, string JwksFileField);
