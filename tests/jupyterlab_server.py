"""A real JupyterLab for the browser tests: a throwaway server on a free port, with its own
config, runtime and settings folders (JupyterLab's news prompt off), and Chromium's flags."""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

SHOTS = Path(os.environ.get("WORKBOOK_SHOTS", "/tmp"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(predicate, timeout=60.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def jupyterlab(tmp_path: Path, root_dir: Path, env: dict):
    """JupyterLab serving ``root_dir`` with ``env`` added; yields (base URL, token); its log
    goes to ``tmp_path / "jupyter.log"``."""
    settings = tmp_path / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token, port = secrets.token_hex(16), free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), **env}
    log = open(tmp_path / "jupyter.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root",
                             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", f"--ServerApp.token={token}",
                             f"--ServerApp.root_dir={root_dir}", "--ServerApp.port_retries=0"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        wait(up, 90, "JupyterLab to start")
        yield base, token
    finally:
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST"),
                                   timeout=10)
        except OSError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def run_all(page, ready: str, shot: str) -> None:
    """Run > Run All Cells until ``ready`` (a selector) shows; a run-all sent before the kernel
    is connected is dropped, so it is sent up to three times, then fails with a screenshot."""
    from playwright.sync_api import TimeoutError as PageTimeout

    for attempt in range(3):
        page.locator("#jp-MainMenu").get_by_text("Run", exact=True).click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
        try:
            page.wait_for_selector(ready, timeout=30_000)
            return
        except PageTimeout:
            page.screenshot(path=str(SHOTS / shot), full_page=True)
            if attempt == 2:
                raise
