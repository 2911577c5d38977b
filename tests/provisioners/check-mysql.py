#!/usr/bin/python3
"""Runs the built-in mysql provisioner definition against a real MariaDB server, step by step as written.

Checks: init (system tables, then the administrator from stdin) and start as the mysql user, provision twice
(idempotent), the app's user makes tables in its database, another app's user is refused, backup with mariadb-dump,
exact row counts (odd table names too), more writes, restore, counts equal to the backup's, deprovision twice (an open
session of the user closed), no password in any file of the server's.

Needs Debian's mariadb-server (10.11) and python3-yaml (apt-get install -y mariadb-server python3-yaml); run as root
or as a user that can run mariadbd. Usage: tests/provisioners/check-mysql.py
"""
import os, re, secrets, shutil, subprocess, time

from definition_steps import IS_ROOT, binaries_path, check, load, random_password, run_step, service_folders, service_values, start_server, stop_server


def main():
    definition = load("mysql")
    service = definition["service"]
    path_env = binaries_path(service)

    tmp, data, run = service_folders("gantry-mysqlcheck-", "mysql")
    os.makedirs(data, mode=0o700)
    if IS_ROOT:
        shutil.chown(data, "mysql")
    values = service_values(data, run)
    port, admin = values["service.port"], values["service.adminPassword"]
    server = None
    try:
        for step in service["process"]["init"]:
            run_step(step, values, path_env)
        check(os.path.isdir(os.path.join(data, "mysql")), "init made the system tables")
        server = start_server(service, values, path_env, os.path.join(tmp, "server.log"))

        def resource(key):
            ident = "r_" + re.sub(r"[^a-z0-9_]", "_", key.lower()) + "_" + secrets.token_hex(3)  # as Identifiers.Make would
            return dict(values, **{"resource.key": key, "resource.name": "db", "resource.id": "", "resource.database": ident,
                                   "resource.username": ident, "resource.password": random_password()})

        def mariadb(v, database, sql, check_=True, user=None):
            env = dict(os.environ, PATH=path_env, MYSQL_PWD=admin if user == "root" else v["resource.password"])
            return subprocess.run(["mariadb", "--no-defaults", "-N", "-B", "-h", "127.0.0.1", "-P", port, "-u", user or v["resource.username"], database, "-e", sql],
                                  env=env, capture_output=True, text=True, check=check_)

        shop, blog = resource("shop.web.db"), resource("blog.web.db")
        for _ in range(2):
            for step in definition["provision"]:
                run_step(step, shop, path_env)
        check(True, "provision ran twice for shop (idempotent)")
        for step in definition["provision"]:
            run_step(step, blog, path_env)

        db = shop["resource.database"]
        mariadb(shop, db, "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT);"
                          " INSERT INTO items (name) SELECT CONCAT('item ', seq) FROM seq_1_to_100;"
                          " CREATE TABLE `odd name` (x INT); INSERT INTO `odd name` VALUES (1), (2); CREATE TABLE `we``ird` (y INT);")
        check(True, "the app's user makes tables in its database")
        charset = mariadb(shop, "", f"SELECT default_character_set_name FROM information_schema.schemata WHERE schema_name = '{db}'", user="root").stdout.strip()
        check(charset == "utf8mb4", f"the database is utf8mb4 ({charset})")
        other = mariadb(blog, db, "SELECT 1", check_=False)
        check(other.returncode != 0 and "Access denied for user" in other.stderr, f"another app's user is refused: {other.stderr.strip()}")

        backup = definition["backup"]
        dump = run_step(backup["create"], shop, path_env)[0].stdout
        check(b"-- MariaDB dump" in dump[:200], f"mariadb-dump wrote {len(dump)} bytes")
        counted = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(counted == "items 100\nodd name 2\nwe`ird 0\n", f"exact counts at backup: {counted!r}")

        mariadb(shop, db, "INSERT INTO items (name) VALUES ('later'); DELETE FROM `odd name`; CREATE TABLE newer (z INT);")
        after_writes = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(after_writes == "items 101\nnewer 0\nodd name 0\nwe`ird 0\n", f"counts after more writes: {after_writes!r}")

        r = run_step(backup["restore"], shop, path_env, check=False, stdin=dump)[0]
        check(r.returncode == 0, f"restore from stdin: {r.stderr.decode().strip() or 'no output'}")
        restored = run_step(backup["count"], shop, path_env)[0].stdout.decode()
        check(restored == "items 100\nnewer 0\nodd name 2\nwe`ird 0\n", f"the backup's tables as they were, a newer one left alone: {restored!r}")
        mariadb(shop, db, "INSERT INTO items (name) VALUES ('after restore')")
        check(True, "the app's user still writes after the restore")

        session = subprocess.Popen(["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", port, "-u", shop["resource.username"], db, "-e", "SELECT SLEEP(60)"],
                                   env=dict(os.environ, PATH=path_env, MYSQL_PWD=shop["resource.password"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while mariadb(shop, "", f"SELECT COUNT(*) FROM information_schema.processlist WHERE user = '{shop['resource.username']}'", user="root").stdout.strip() != "1":
            check(time.monotonic() < deadline, "the user's session is open within 10s")
            time.sleep(0.1)
        for _ in range(2):
            for step in definition["deprovision"]:
                run_step(step, shop, path_env)
        check(True, "deprovision ran twice")
        check(session.wait(timeout=10) != 0, "the user's open session was closed")
        gone = mariadb(shop, "", f"SELECT (SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '{db}'),"
                                 f" (SELECT COUNT(*) FROM mysql.user WHERE user = '{shop['resource.username']}')", user="root").stdout.split()
        check(gone == ["0", "0"], "the database and the user are gone")
        still = mariadb(blog, blog["resource.database"], "SELECT 1").stdout.strip()
        check(still == "1", "the other app's user still connects")

        stop_server(server)
        server = None
        secrets_ = [admin.encode(), shop["resource.password"].encode(), blog["resource.password"].encode()]
        leaks = [os.path.join(d, f) for d, _, files in os.walk(tmp) for f in files
                 if not os.path.islink(os.path.join(d, f)) and os.path.isfile(os.path.join(d, f))
                 and any(s in open(os.path.join(d, f), "rb").read() for s in secrets_)]
        check(not leaks, f"no password in the server's files or log: {leaks}")
        print("all checks passed")
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)


main()
