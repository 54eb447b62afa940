"""Start the server: open (and migrate) the store, then run uvicorn. `unspin serve` calls this.

The store is opened before uvicorn starts so that a wrong --db address or an
unreachable PostgreSQL is one clear line at start-up, not a failure on the
first request; and so that with several workers the migration runs once.
"""

from __future__ import annotations

import asyncio
import os
import socket

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from uvicorn.protocols.http.h11_impl import H11Protocol

from unspin.store import Store, StoreError, normalize_url
from unspin.web.settings import Settings


class NoDelayH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

    With --workers, uvicorn binds its socket as `socket.socket(AF_INET)` (protocol 0),
    and asyncio only sets TCP_NODELAY on sockets whose protocol reads IPPROTO_TCP. A
    response written as headers then body then waits for the client's delayed ACK:
    40 ms added to every request. Setting it here holds for one worker or many.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # a socket that refuses the option still works, only slower
                pass
        super().connection_made(transport)


class ServeError(RuntimeError):
    """The server cannot start; the message is one line for the user."""


def shown_url(url: str) -> str:
    """The database address with any password masked, for messages and logs."""
    try:
        return make_url(normalize_url(url)).render_as_string(hide_password=True)
    except Exception:  # an address too broken to parse is shown as typed, minus nothing secret
        return "(unparseable address)"


def open_store(settings: Settings) -> Store:
    try:
        return Store(settings.db)
    except StoreError as exc:
        raise ServeError(str(exc)) from None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise ServeError(f"cannot open the database {shown_url(settings.db)}: {reason}") from None


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info") -> None:
    """Run the app until interrupted."""
    import uvicorn

    from unspin.web.app import create_app

    store = open_store(settings)
    print(f"unspin: serving http://{host}:{port}/ with the {store.dialect} database {shown_url(settings.db)}", flush=True)
    server = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "proxy_headers": False,
        "server_header": False,
        "http": NoDelayH11,
    }
    if workers == 1:
        app = create_app(settings, store=store)
        if settings.warm:
            app.state.lanes.start()  # the pool's processes load their models while this one loads its own
        uvicorn.run(app, **server)
        store.close()
        return
    store.close()
    os.environ.update(settings.to_env())
    uvicorn.run("unspin.web.app:app_from_env", factory=True, workers=workers, **server)
