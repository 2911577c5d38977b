#!/usr/bin/python3
"""Runs the built-in postgres provisioner definition against a real PostgreSQL server, step by step as written.

Checks: init and start as the postgres user, provision twice (idempotent), the app user owns its database and can
create tables, another app's user cannot connect, extensions through forEach (a missing one is named), backup with
pg_dump, more writes, restore, exact row counts equal to the backup's, deprovision twice.

Needs Debian's postgresql (15) and python3-yaml (apt-get install -y postgresql python3-yaml); run as root or as a
user that can run postgres. Steps run as Gantry runs them (definition_steps.py). Usage: tests/provisioners/check-postgres.py
"""
import os, re, secrets, shutil, subprocess

from definition_steps import binaries_path, check, load, random_password, render, run_step, service_folders, service_values, start_server, stop_server


def main():
    definition = load("postgres")
    service = definition["service"]
    path_env = binaries_path(service)

    tmp, data, run = service_folders("gantry-pgcheck-", "postgres")
    values = service_values(data, run)
    port = values["service.port"]
    server = None
    try:
        for step in service["process"]["init"]:
            run_step(step, values, path_env)
        check(os.path.exists(os.path.join(data, "PG_VERSION")), "init made a data folder")
        server = start_server(service, values, path_env, os.path.join(tmp, "server.log"))

        def resource(key, extensions):
            v = dict(values, **{"resource.key": key, "resource.name": "db", "resource.id": "", "params.extensions": extensions})
            ident = re.sub(r"[^a-z0-9_]", "_", key.lower()) + "_" + secrets.token_hex(3)  # as Identifiers.Make would
            v.update({"resource.database": ident, "resource.username": ident, "resource.password": random_password()})
            return v

        shop = resource("shop.web.db", ["plpgsql", "pgcrypto"])
        blog = resource("blog.web.db", [])
        for _ in range(2):
            for step in definition["provision"]:
                run_step(step, shop, path_env)
        check(True, "provision ran twice for shop (idempotent)")
        for step in definition["provision"]:
            run_step(step, blog, path_env)

        def psql(v, user_key, db, sql, check_=True):
            env = dict(os.environ, PATH=path_env, PGPASSWORD=v["resource.password"] if user_key != "postgres" else v["service.adminPassword"])
            user = v["resource.username"] if user_key != "postgres" else "postgres"
            return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", user, "-d", db, "-c", sql],
                                  env=env, capture_output=True, text=True, check=check_)

        psql(shop, "app", shop["resource.database"], "CREATE TABLE items(id serial PRIMARY KEY, name text); INSERT INTO items(name) SELECT 'item ' || n FROM generate_series(1, 100) n;"
             " CREATE TABLE \"odd name\"(x int); INSERT INTO \"odd name\" VALUES (1), (2);")
        check(True, "the app's user creates tables in its database")
        owner = psql(shop, "postgres", "postgres", f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{shop['resource.database']}'").stdout.strip()
        check(owner == shop["resource.username"], f"the app's user owns its database ({owner})")
        other = psql(blog, "app", shop["resource.database"], "SELECT 1", check_=False)
        check(other.returncode != 0 and "permission denied for database" in other.stderr, f"another app's user cannot connect: {other.stderr.strip().splitlines()[0]}")
        exts = psql(shop, "postgres", shop["resource.database"], "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension").stdout.strip()
        check(exts == "pgcrypto,plpgsql", f"extensions created: {exts}")

        missing = run_step(definition["provision"][1], dict(shop, **{"params.extensions": ["vector"]}), path_env, check=False)[0]
        check(missing.returncode != 0 and 'extension "vector" is not available' in missing.stderr.decode(),
              f"a missing extension is named: {missing.stderr.decode().strip().splitlines()[0]}")

        backup = definition["backup"]
        dump = run_step(backup["create"], shop, path_env)[0].stdout
        check(dump.startswith(b"PGDMP"), f"pg_dump -Fc wrote {len(dump)} bytes")
        counted = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(counted == 'public."odd name" 2\npublic.items 100\n', f"exact counts at backup: {counted!r}")

        psql(shop, "app", shop["resource.database"], "INSERT INTO items(name) VALUES ('later'); DELETE FROM \"odd name\";")
        after_writes = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(after_writes == 'public."odd name" 0\npublic.items 101\n', f"counts after more writes: {after_writes!r}")

        restore = dict(backup["restore"], stdin="")  # the dump goes to stdin as bytes below
        command = [render(a, shop) for a in restore["command"]]
        env = dict(os.environ, PATH=path_env, **{k: render(x, shop) for k, x in restore.get("env", {}).items()})
        r = subprocess.run(command, input=dump, env=env, capture_output=True)
        check(r.returncode == 0, f"pg_restore from stdin: {r.stderr.decode().strip() or 'no output'}")
        restored = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(restored == counted, f"counts after restore equal the backup's: {restored!r}")
        psql(shop, "app", shop["resource.database"], "INSERT INTO items(name) VALUES ('after restore')")
        check(True, "the app's user still writes after the restore (owner kept)")

        for _ in range(2):
            for step in definition["deprovision"]:
                run_step(step, shop, path_env)
        check(True, "deprovision ran twice")
        gone = psql(shop, "postgres", "postgres",
                    f"SELECT count(*) FROM pg_database WHERE datname = '{shop['resource.database']}' UNION ALL SELECT count(*) FROM pg_roles WHERE rolname = '{shop['resource.username']}'").stdout.split()
        check(gone == ["0", "0"], "the database and the role are gone")
        print("all checks passed")
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)


main()
