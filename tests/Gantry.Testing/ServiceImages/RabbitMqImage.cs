namespace Gantry.Testing;

/// <summary>
/// The stand-in for rabbitmq:3, with Debian's RabbitMQ 3.10 on Erlang 25: the official image's environment (HOME and
/// the cookie in /var/lib/rabbitmq, the log to stdout), its defaults (AMQP on 5672 on every interface, guest allowed
/// from anywhere) and its entrypoint (the data folder handed to rabbitmq, the server run as rabbitmq).
/// RABBITMQ_NODENAME and ERL_EPMD_PORT reach the server as they do there. No plugins are enabled.
/// </summary>
internal static class RabbitMqImage
{
    private const string Entrypoint = """
        #!/usr/bin/env bash
        # docker-entrypoint.sh of Gantry's stand-in for rabbitmq:3 (RabbitMQ 3.10 from Debian), as the official one.
        set -euo pipefail

        if [[ "$1" == rabbitmq* ]] && [ "$(id -u)" = 0 ]; then
          if [ "$1" = rabbitmq-server ]; then
            # The volume (and a cookie written by root before this) may come root-owned.
            find /var/lib/rabbitmq \! -user rabbitmq -exec chown rabbitmq '{}' +
          fi
          exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$BASH_SOURCE" "$@"
        fi

        exec "$@"
        """;

    // The official image's /etc/rabbitmq/conf.d/10-defaults.conf, less the management agent's line (no plugins here).
    private const string Defaults = """
        ## DEFAULT SETTINGS ARE NOT MEANT TO BE TAKEN STRAIGHT INTO PRODUCTION
        loopback_users.guest = false
        listeners.tcp.default = 5672

        """;

    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe()
    {
        var rootfs = new RootfsBuilder()
            .User("rabbitmq", "/var/lib/rabbitmq", out var uid, out var gid)
            // df and getconf: the free disk space monitor and the memory page size.
            .BinariesIn("/usr/bin", "hostname", "uname", "df", "getconf")
            .Tree("/usr/lib/erlang", path => !path.Contains("/man/", StringComparison.Ordinal) && !path.EndsWith("/src", StringComparison.Ordinal) && !path.Contains("/src/", StringComparison.Ordinal))
            .Tree("/usr/lib/rabbitmq")
            .Tree("/usr/lib/locale/C.utf8")
            .File("/etc/rabbitmq/conf.d/10-defaults.conf", Defaults)
            .File("/etc/rabbitmq/enabled_plugins", "[].\n")
            .Directory("/etc/rabbitmq", RootfsBuilder.Mode755, uid, gid)
            .Directory("/var/lib/rabbitmq", RootfsBuilder.Mode755, uid, gid)
            .Directory("/var/log/rabbitmq", RootfsBuilder.Mode755, uid, gid)
            // As in the official image: root's rabbitmqctl finds the server's cookie.
            .Link("/root/.erlang.cookie", "/var/lib/rabbitmq/.erlang.cookie")
            .Script("/usr/local/bin/docker-entrypoint.sh", Entrypoint);
        return (rootfs,
        [
            "ENV PATH=/usr/lib/rabbitmq/bin:/usr/lib/erlang/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENV RABBITMQ_DATA_DIR=/var/lib/rabbitmq",
            "ENV HOME=/var/lib/rabbitmq",
            "ENV RABBITMQ_LOGS=-",
            "ENV LANG=C.UTF-8",
            "ENV LC_ALL=C.UTF-8",
            "ENTRYPOINT [\"docker-entrypoint.sh\"]",
            "EXPOSE 5672",
            "CMD [\"rabbitmq-server\"]",
        ]);
    }
}
