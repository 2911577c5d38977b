namespace Gantry.Testing;

/// <summary>
/// The stand-in for postgres:16, with Debian's PostgreSQL 15: the official entrypoint's first start (initdb as postgres
/// with POSTGRES_PASSWORD, <c>host all all all scram-sha-256</c>, <c>listen_addresses = '*'</c>, POSTGRES_DB) and the
/// server run as postgres. Not here: /docker-entrypoint-initdb.d scripts, POSTGRES_INITDB_WALDIR, nss_wrapper.
/// </summary>
internal static class PostgresImage
{
    private const string Bin = "/usr/lib/postgresql/15/bin";

    private const string Entrypoint = """
        #!/usr/bin/env bash
        # docker-entrypoint.sh of Gantry's stand-in for postgres:16 (PostgreSQL 15 from Debian): what the official one
        # does on a first start, in the same order, as far as Gantry's postgres definition needs it.
        set -Eeo pipefail

        # "-c x=y" alone means: the server with these options.
        if [ "${1:0:1}" = '-' ]; then
          set -- postgres "$@"
        fi

        if [ "$1" = postgres ]; then
          if [ "$(id -u)" = 0 ]; then
            # The volume may come root-owned: hand it to postgres, then start again as postgres.
            mkdir -p "$PGDATA" /var/run/postgresql
            chmod 00700 "$PGDATA" || :
            chmod 03775 /var/run/postgresql || :
            find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
            HOME=/var/lib/postgresql exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
          fi

          if [ ! -s "$PGDATA/PG_VERSION" ]; then
            if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
              echo 'Error: Database is uninitialized and superuser password is not specified.' >&2
              echo '       You must specify POSTGRES_PASSWORD to a non-empty value for the superuser.' >&2
              exit 1
            fi
            POSTGRES_USER="${POSTGRES_USER:-postgres}"
            POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
            # The password through a pipe of bash's own: on no command line.
            initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
            # As the official image: trust on the container's own socket and loopback (initdb's default), a password
            # from anywhere else.
            printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
            printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
            if [ "$POSTGRES_DB" != postgres ]; then
              printf 'CREATE DATABASE "%s";\n' "${POSTGRES_DB//\"/\"\"}" | postgres --single -j -D "$PGDATA" postgres >/dev/null
            fi
            echo 'PostgreSQL init process complete; ready for start up.'
          fi
        fi

        exec "$@"
        """;

    public static (RootfsBuilder Rootfs, IList<string> Changes) Recipe()
    {
        var rootfs = new RootfsBuilder()
            .User("postgres", "/var/lib/postgresql", out var uid, out var gid)
            .BinariesIn(Bin, "postgres", "initdb", "pg_ctl", "psql", "pg_dump", "pg_dumpall", "pg_restore", "pg_isready")
            // Server modules (plpgsql, conversions, contrib) but not the JIT, which would bring LLVM (100 MB).
            .Tree("/usr/lib/postgresql/15/lib", path => !path.Contains("llvmjit", StringComparison.Ordinal) && !path.Contains("/bitcode", StringComparison.Ordinal))
            .Tree("/usr/share/postgresql/15", path => !path.Contains("/man", StringComparison.Ordinal))
            .Tree("/usr/share/zoneinfo")
            .Tree("/usr/lib/locale/C.utf8")
            .Directory("/var/lib/postgresql", RootfsBuilder.Mode755, uid, gid)
            .Directory("/var/lib/postgresql/data", RootfsBuilder.Mode700, uid, gid)
            .Directory("/run/postgresql", RootfsBuilder.Mode755 | UnixFileMode.SetGroup | UnixFileMode.StickyBit | UnixFileMode.GroupWrite, uid, gid)
            .Script("/usr/local/bin/docker-entrypoint.sh", Entrypoint);
        return (rootfs,
        [
            $"ENV PATH={Bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "ENV PGDATA=/var/lib/postgresql/data",
            "ENV LANG=C.UTF-8",
            "ENTRYPOINT [\"docker-entrypoint.sh\"]",
            "STOPSIGNAL SIGINT",
            "EXPOSE 5432",
            "CMD [\"postgres\"]",
        ]);
    }
}
