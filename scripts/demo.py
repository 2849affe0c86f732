"""`make demo`: start annota-server on a throwaway SQLite database, run the quickstart, stop.

Creates an administrator with a random password, runs examples/quickstart.py against
the server over real HTTP, then a few `annota` commands (login, list, logout, with a
throwaway home directory), and always stops the server afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"annota-server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/api/server/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"annota-server did not become healthy:\n{log.read_text()}")


def cli_tour(url: str, password: str, env: dict[str, str], home: Path) -> int:
    """Run a short session of the `annota` command, printing each command line first."""
    annota = str(Path(sys.executable).with_name("annota"))
    env = {**env, "HOME": str(home)}
    for name in ("ANNOTA_HOST", "ANNOTA_TOKEN"):
        env.pop(name, None)

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        print(f"$ annota {' '.join(args)}", flush=True)
        done = subprocess.run(
            [annota, *args], input=stdin, env=env, cwd=home, text=True, capture_output=True
        )
        print(done.stdout + done.stderr, end="", flush=True)
        if done.returncode != 0:
            raise SystemExit(done.returncode)
        return done

    print("\n--- the annota command")
    run("login", url, "-u", "admin", "--password-stdin", stdin=password)
    run("whoami")
    created = run("--json", "projects", "create", "cli-demo", "--label", "cat:bbox")
    project = str(json.loads(created.stdout)["id"])
    run("projects", "list")
    run("export", project, "exports/", "--format", "annota")
    run("operations", "list", "--project", project)
    run("projects", "delete", project)
    run("logout")
    return 0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="annota-demo-") as data_dir:
        env = {**os.environ, "ANNOTA_DATA_DIR": data_dir}
        env.pop("ANNOTA_DATABASE_URL", None)  # the demo always uses SQLite
        password = secrets.token_urlsafe(12)
        server_cmd = [sys.executable, "-m", "annota_server"]
        subprocess.run(
            [*server_cmd, "createadmin", "--username", "admin", "--password-stdin"],
            input=password.encode(),
            env=env,
            check=True,
        )
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(data_dir) / "server.log"
        print(f"starting annota-server on {url} (SQLite in {data_dir})")
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [*server_cmd, "run", "--host", "127.0.0.1", "--port", str(port)],
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_healthy(url, server, log)
            quickstart_env = {
                **env,
                "ANNOTA_HOST": url,
                "ANNOTA_USER": "admin",
                "ANNOTA_PASSWORD": password,
            }
            result = subprocess.run(
                [sys.executable, str(ROOT / "examples" / "quickstart.py")], env=quickstart_env
            )
            code = result.returncode or cli_tour(url, password, env, Path(data_dir))
        finally:
            server.terminate()
            server.wait(timeout=15)
            print("annota-server stopped")
        sys.exit(code)


if __name__ == "__main__":
    main()
