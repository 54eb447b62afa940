"""Throwaway databases for tests: a SQLite file, or a fresh database on a real PostgreSQL server.

PostgreSQL comes from `UNSPIN_TEST_POSTGRES_URL` (`.ci/run` starts a server on
127.0.0.1 and sets it). Without it the PostgreSQL half of each test skips on a
developer's machine, but fails in CI (env CI set): a silent skip there would
hide the store never having run on PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

POSTGRES_ENV = "UNSPIN_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def postgres_server() -> str:
    """The server's address, or skip (fail in CI) when there is none."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the store tests on PostgreSQL (see .ci/run)")
    pytest.skip(f"set {POSTGRES_ENV}=postgresql://user@127.0.0.1:PORT/postgres to run on PostgreSQL")


def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """Yield the address of an empty database on `backend`; drop it afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'unspin.db'}"
        return
    import psycopg

    server = make_url(postgres_server())
    name = f"unspin_test_{uuid.uuid4().hex[:16]}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
