"""`unspin serve`: on a fresh folder it creates ./unspin.db and answers; a bad --db is one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.store.databases import postgres_server
from tests.web.live import free_port

pytestmark = pytest.mark.slow


def start(folder: Path, *args: str, attempts: int = 3) -> tuple[subprocess.Popen, str]:
    """`unspin serve` on a free port; again on another port when a parallel test took that one first."""
    for _ in range(attempts - 1):
        try:
            return _start(folder, *args)
        except PortTaken:
            continue
    return _start(folder, *args)


class PortTaken(AssertionError):
    """The server could not bind its port: another test's server bound it between our probe and its start."""


def _start(folder: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "unspin", "serve", "--port", str(port), *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read()
            if "address already in use" in output.lower():
                raise PortTaken(f"port {port} taken: {output}")
            raise AssertionError(f"server exited: {output}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not answer within 60 s")


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def test_serve_with_no_arguments_creates_unspin_db(tmp_path: Path) -> None:
    process, url = start(tmp_path)
    try:
        response = httpx.post(f"{url}/api/articles", json={"text": "The shockingly late train was slammed."}, timeout=60)
        assert response.status_code == 201
        assert httpx.get(f"{url}/").status_code == 200
    finally:
        output = stop(process)
    assert (tmp_path / "unspin.db").is_file()
    assert f"serving {url}/ with the sqlite database sqlite:///unspin.db" in output


def test_serve_on_postgresql_with_two_workers(tmp_path: Path) -> None:
    from tests.store.databases import fresh_database

    postgres_server()
    databases = fresh_database("postgresql", tmp_path)
    db_url = next(databases)
    process, url = start(tmp_path, "--db", db_url.replace("postgresql+psycopg://", "postgresql://"), "--workers", "2")
    try:
        assert httpx.get(f"{url}/healthz").json()["database"] == "postgresql"
        first = httpx.post(f"{url}/api/articles", json={"text": "The shockingly late train."}, timeout=60).json()
        assert httpx.get(f"{url}/api/articles/{first['id']}").status_code == 200
    finally:
        stop(process)
        databases.close()
    assert not (tmp_path / "unspin.db").exists()


@pytest.mark.parametrize(
    "db, words",
    [
        ("postgresql://nobody:secret@127.0.0.1:1/none", "cannot open the database"),
        ("/no/such/folder/unspin.db", "does not exist"),
        ("mysql://x@localhost/db", "unsupported database"),
    ],
)
def test_a_bad_database_is_one_line(tmp_path: Path, db: str, words: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "unspin", "serve", "--db", db],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "secret" not in lines[0]
