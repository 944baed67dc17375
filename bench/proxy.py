"""Several `streamlit run asgi.py` processes behind nginx, as deploy/nginx.conf describes, for the
capacity benchmark: the shipped file is used with only its upstream servers and its listen address
rewritten, inside a main configuration of the bench's own (pid, logs and temporary files in a
temporary folder). Started here, stopped here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from harness.server import REPO_ROOT, free_port

SITE = REPO_ROOT / "deploy" / "nginx.conf"
_UPSTREAM_SERVER = re.compile(r"^\s*server 127\.0\.0\.1:\d+;\n", re.MULTILINE)
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def nginx_or_reason() -> tuple[str | None, str | None]:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    return (path, None) if path else (None, "no nginx (Debian: apt-get install nginx-light)")


def site_config(upstream_ports: list[int], listen_port: int) -> str:
    """deploy/nginx.conf with these upstream processes and listening on 127.0.0.1:`listen_port`."""
    text = SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in upstream_ports)
    text = _UPSTREAM_SERVER.sub("", text)
    hashed = "    hash $pressdx_affinity consistent;\n"
    text = text.replace(hashed, hashed + servers)
    return text.replace("    listen 80;", f"    listen 127.0.0.1:{listen_port};")


class Nginx:
    def __init__(self, folder: Path, upstream_ports: list[int]) -> None:
        self.folder = folder
        self.port = free_port()
        self.upstream_ports = upstream_ports
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _write(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "pressdx.conf").write_text(site_config(self.upstream_ports, self.port), encoding="utf-8")
        user = "user root;\n" if os.getuid() == 0 else ""  # workers read nothing but this folder
        main = self.folder / "nginx.conf"
        main.write_text(
            f"{user}worker_processes 1;\npid {self.folder}/nginx.pid;\nerror_log {self.folder}/error.log warn;\n"
            "daemon off;\nevents { worker_connections 4096; }\n"
            f"http {{\n  access_log off;\n  client_body_temp_path {self.folder}/body;\n"
            f"  proxy_temp_path {self.folder}/proxy;\n  include {self.folder}/pressdx.conf;\n}}\n",
            encoding="utf-8")
        return main

    def start(self, timeout: float = 30.0) -> Nginx:
        path, problem = nginx_or_reason()
        if path is None:
            raise RuntimeError(problem)
        main = self._write()
        with open(self.folder / "stdout.log", "ab") as log:
            self.process = subprocess.Popen([path, "-p", str(self.folder), "-c", str(main)], stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.folder / 'error.log').read_text(errors='replace')[-500:]}")
            try:
                with _NO_PROXY.open(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("nginx did not answer the health check")
            time.sleep(0.1)  # polling a health check

    def pids(self) -> list[int]:
        import psutil

        if self.process is None:
            return []
        proc = psutil.Process(self.process.pid)
        return [proc.pid, *(c.pid for c in proc.children())]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
