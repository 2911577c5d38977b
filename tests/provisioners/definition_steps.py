"""What the check-*.py scripts share: a built-in definition's steps and server run here as Gantry runs them.

Templates are rendered by the same rules as Gantry's TemplateRenderer ({{ path }}, {{{{ for a literal {{, lists
joined with commas); a step with `user` runs as that user (runuser) when this runs as root, as Gantry does.
"""
import glob, os, random, re, secrets, shutil, signal, string, subprocess, sys, tempfile, time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IS_ROOT = os.geteuid() == 0


def load(type_):
    return yaml.safe_load(open(os.path.join(ROOT, f"src/Gantry.AppModel/Provisioners/BuiltIn/{type_}.yaml")))


def render(template, values):
    out, i = [], 0
    while i < len(template):
        if template.startswith("{{{{", i):
            out.append("{{"); i += 4
        elif template.startswith("{{", i):
            end = template.index("}}", i + 2)
            path = template[i + 2:end].strip(" ")
            value = values[path]  # KeyError names the path
            out.append(",".join(value) if isinstance(value, list) else value)
            i = end + 2
        else:
            out.append(template[i]); i += 1
    return "".join(out)


def run_step(step, values, path_env, check=True, stdin=None):
    """Runs one step (expanding forEach); returns the list of CompletedProcess. stdin (bytes) replaces the step's."""
    items = values[step["forEach"]] if "forEach" in step else [None]
    results = []
    for item in items:
        v = dict(values, item=item) if item is not None else values
        command = [render(a, v) for a in step["command"]]
        env = dict(os.environ, PATH=path_env, **{k: render(x, v) for k, x in step.get("env", {}).items()})
        if IS_ROOT and step.get("user"):
            command = ["runuser", "-u", step["user"], "--"] + command
        if stdin is None:
            stdin = render(step["stdin"], v).encode() if "stdin" in step else b""
        timeout = parse_duration(step.get("timeout", "60s"))
        r = subprocess.run(command, input=stdin, env=env, capture_output=True, timeout=timeout)
        results.append(r)
        if check and r.returncode != 0:
            sys.exit(f"FAILED: {command[:3]}... exit {r.returncode}\n{r.stderr.decode()}")
    return results


def parse_duration(text):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h)", text))


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        sys.exit(1)


def binaries_path(service):
    """PATH with the definition's binary folders first (globs: the newest match first)."""
    folders = [f for pattern in service["process"]["binaries"] for f in sorted(glob.glob(pattern), reverse=True)]
    check(bool(folders), f"binaries found: {folders}")
    return ":".join(folders) + ":" + os.environ["PATH"]


def service_folders(prefix, user):
    """A temp folder with run/ (and data/ made by the caller's init or here), the server user's when running as root."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    data, run = os.path.join(tmp, "data"), os.path.join(tmp, "run")
    os.makedirs(run, mode=0o700)
    if IS_ROOT:
        shutil.chown(tmp, user); shutil.chown(run, user)
    return tmp, data, run


def random_password():
    """Letters and digits, as Gantry's generated passwords."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def service_values(data, run):
    """What the service's templates read: its address on a random port, its folders, a random admin password."""
    return {"service.host": "127.0.0.1", "service.port": str(random.randint(10000, 19999)), "service.data": data, "service.run": run,
            "service.adminPassword": random_password(), "app": "shop"}


def start_server(service, values, path_env, log_path):
    """Starts the server as its user and waits (30s at most) until its ready step succeeds."""
    command = [render(a, values) for a in service["process"]["run"]]
    if IS_ROOT:
        command = ["runuser", "-u", service["process"]["user"], "--"] + command
    server = subprocess.Popen(command, env=dict(os.environ, PATH=path_env), stdout=subprocess.DEVNULL, stderr=open(log_path, "w"))
    deadline = time.monotonic() + 30
    while run_step(service["ready"], values, path_env, check=False)[0].returncode != 0:
        if time.monotonic() > deadline or server.poll() is not None:
            check(False, "server becomes ready within 30s: " + open(log_path).read())
        time.sleep(0.2)
    check(True, f"server ready on {values['service.host']}:{values['service.port']}")
    return server


def stop_server(server):
    if server is not None:
        server.send_signal(signal.SIGTERM)  # runuser passes it on to the server
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
