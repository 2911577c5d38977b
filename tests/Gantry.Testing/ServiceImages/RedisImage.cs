namespace Gantry.Testing;

/// <summary>
/// The stand-in for redis:7, with Debian's Redis 7.0: the official entrypoint (the data folder handed to redis, the
/// server run as redis, umask 0077) and its server defaults: every interface, protected mode off.
/// </summary>
internal static class RedisImage
{
    private const string Entrypoint = """
        #!/usr/bin/env bash
        # docker-entrypoint.sh of Gantry's stand-in for redis:7 (Redis 7.0 from Debian), as the official one.
        set -e

        # "--some-option" or "something.conf" alone means: the server with it.
        if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
          set -- redis-server "$@"
        fi

        if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
          find . \! -user redis -exec chown redis '{}' +
          HOME=/data exec setpriv --reuid=redis --regid=redis --init-groups "$BASH_SOURCE" "$@"
        fi

        # The official image builds Redis with protected mode off (it binds every interface: other containers are its
        # clients). Debian's binary has it on, so it is switched off here unless a config file (which must come
        # first) says otherwise; options given later still win.
        if [ "$1" = redis-server ] && { [ $# = 1 ] || [ "${2#-}" != "$2" ]; }; then
          set -- redis-server --protected-mode no "${@:2}"
        fi

        if [ "$(umask)" = 0022 ]; then
          umask 0077
        fi

        exec "$@"
        """;

    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe()
    {
        var rootfs = new RootfsBuilder()
            .User("redis", "/data", out var uid, out var gid)
            .BinariesIn("/usr/bin", "redis-server", "redis-cli")
            .Directory("/data", RootfsBuilder.Mode755, uid, gid)
            .Script("/usr/local/bin/docker-entrypoint.sh", Entrypoint);
        return (rootfs,
        [
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "WORKDIR /data",
            "ENTRYPOINT [\"docker-entrypoint.sh\"]",
            "EXPOSE 6379",
            "CMD [\"redis-server\"]",
        ]);
    }
}
