using System.Collections;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Runtime.Tests.Instances.Process;

public sealed class ChildEnvironmentTests
{
    [Fact]
    public void Apps_and_builds_do_not_inherit_gantrys_socket_tuning_secrets_or_listening_settings()
    {
        var parent = new Hashtable
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/root",
            // ./gantry sets these for the gateway; under them StackExchange.Redis never answered samples/todo's PING.
            ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            ["DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"] = "1",
            ["GANTRY_BACKUP_S3_SECRET_ACCESS_KEY"] = "secret",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:7070",
            ["MSBuildExtensionsPath"] = "/sdk",
        };

        var child = ChildEnvironment.Filter(parent);

        Assert.Equal(["HOME", "PATH"], child.Keys.Order(StringComparer.Ordinal));
    }
}
