"""`make demo`: start annota-server on a throwaway SQLite database, run the quickstart, stop.

Creates an administrator with a random password, runs examples/quickstart.py against
the server over real HTTP, and always stops the server afterwards.
"""

from __future__ import annotations

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
        finally:
            server.terminate()
            server.wait(timeout=15)
            print("annota-server stopped")
        sys.exit(result.returncode)


if __name__ == "__main__":
    main()
