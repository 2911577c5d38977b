using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>A host whose TLS connections go to its app unopened, and the instances that take them (<c>127.0.0.1:41234</c>).</summary>
public sealed record PassthroughConfig(string Host, ImmutableArray<string> Endpoints);
