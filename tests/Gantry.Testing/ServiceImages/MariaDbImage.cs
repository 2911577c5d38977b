namespace Gantry.Testing;

/// <summary>
/// The stand-in for mariadb:11, with Debian's MariaDB 10.11: the official entrypoint's first start (the system tables
/// as mysql, then root@'%' and root@'localhost' with MARIADB_ROOT_PASSWORD), the server run as mysql on every
/// interface, port 3306, names not resolved. Not here: MARIADB_DATABASE/USER/PASSWORD, initdb.d scripts, the
/// healthcheck user, root's PROXY grant; the root users are made by a bootstrap server (which has no user that could
/// grant PROXY) rather than the official temporary one.
/// </summary>
internal static class MariaDbImage
{
    private const string Entrypoint = """
        #!/usr/bin/env bash
        # docker-entrypoint.sh of Gantry's stand-in for mariadb:11 (MariaDB 10.11 from Debian): what the official one
        # does on a first start, as far as Gantry's mysql definition needs it.
        set -eo pipefail

        if [ "${1:0:1}" = '-' ]; then
          set -- mariadbd "$@"
        fi

        if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
          DATADIR=/var/lib/mysql
          if [ "$(id -u)" = 0 ]; then
            # The volume may come root-owned: hand it to mysql, then start again as mysql.
            mkdir -p "$DATADIR" /run/mysqld
            find "$DATADIR" /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
            HOME=/var/lib/mysql exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" "$@"
          fi

          if [ ! -d "$DATADIR/mysql" ]; then
            MARIADB_ROOT_PASSWORD="${MARIADB_ROOT_PASSWORD:-$MYSQL_ROOT_PASSWORD}"
            if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ]; then
              echo 'Database is uninitialized and password option is not specified' >&2
              echo 'You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD' >&2
              exit 1
            fi
            echo 'Initializing database files'
            mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db \
              --default-time-zone=SYSTEM --enforce-storage-engine= --skip-log-bin --expire-logs-days=0 \
              --loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 >/dev/null
            # The official image's escaping of a string literal (backslashes, newlines, quotes).
            escaped="${MARIADB_ROOT_PASSWORD//\\/\\\\}"
            escaped="${escaped//$'\n'/\\n}"
            escaped="${escaped//\'/\\\'}"
            # Its root users, by a server that opens no port (FLUSH PRIVILEGES loads the grant tables a bootstrap
            # skips); the password reaches it through bash's here-document, on no command line.
            mariadbd --bootstrap --datadir="$DATADIR" --skip-networking --log-warnings=0 --skip-log-bin <<SQL
        FLUSH PRIVILEGES;
        DROP USER IF EXISTS root@'127.0.0.1', root@'::1';
        EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\'', @@hostname, '\'');
        SET PASSWORD FOR 'root'@'localhost' = PASSWORD('${escaped}');
        CREATE USER 'root'@'%' IDENTIFIED BY '${escaped}';
        GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
        SQL
            unset escaped
            echo 'MariaDB init process done. Ready for start up.'
          fi
        fi

        exec "$@"
        """;

    // The official image's server settings (its docker.cnf) and MariaDB 11's default character set.
    private const string Config = """
        [client-server]
        socket = /run/mysqld/mysqld.sock

        [mariadbd]
        host-cache-size = 0
        skip-name-resolve
        character-set-server = utf8mb4
        collation-server = utf8mb4_general_ci

        """;

    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe()
    {
        var rootfs = new RootfsBuilder()
            .User("mysql", "/var/lib/mysql", out var uid, out var gid)
            .BinariesIn("/usr/sbin", "mariadbd")
            .BinariesIn("/usr/bin", "mariadb", "mariadb-admin", "mariadb-dump", "mariadb-install-db", "my_print_defaults", "resolveip", "uname", "hostname")
            .Tree("/usr/share/mysql")
            .Tree("/usr/lib/mysql/plugin", path => !path.Contains("auth_pam", StringComparison.Ordinal))
            .File("/etc/mysql/my.cnf", Config)
            .Directory("/var/lib/mysql", RootfsBuilder.Mode755, uid, gid)
            .Directory("/run/mysqld", RootfsBuilder.Mode755, uid, gid)
            .Script("/usr/local/bin/docker-entrypoint.sh", Entrypoint);
        return (rootfs,
        [
            "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENTRYPOINT [\"docker-entrypoint.sh\"]",
            "EXPOSE 3306",
            "CMD [\"mariadbd\"]",
        ]);
    }
}
