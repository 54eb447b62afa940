"""Over real HTTP: several clients sending the same article at once get one stored copy."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.web.conftest import BRIDGE

pytestmark = pytest.mark.slow
CLIENTS = 8


def race(live_url: str, bodies: list[dict]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies))
    responses: list[httpx.Response] = []
    failures: list[BaseException] = []

    def client(body: dict) -> None:
        try:
            with httpx.Client(base_url=live_url, timeout=60) as http:
                barrier.wait(timeout=30)
                responses.append(http.post("/api/articles", json=body))
        except BaseException as exc:  # asserted below
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    return responses


def test_concurrent_clients_sending_one_article_store_it_once(live_url: str) -> None:
    responses = race(live_url, [{"text": BRIDGE, "outlet": "Harbour Post"}] * CLIENTS)
    assert sorted(response.status_code for response in responses) == [200] * (CLIENTS - 1) + [201]
    assert len({response.json()["id"] for response in responses}) == 1
    listing = httpx.get(f"{live_url}/api/articles").json()
    assert listing["total"] == 1
    assert httpx.get(f"{live_url}/api/outlets").json()[0]["articles"] == 1


def test_concurrent_clients_sending_different_articles_keep_them_all(live_url: str) -> None:
    bodies = [{"text": BRIDGE.replace("Tuesday", f"day {n}"), "outlet": f"Outlet {n % 3}"} for n in range(CLIENTS)]
    responses = race(live_url, bodies)
    assert [response.status_code for response in responses] == [201] * CLIENTS
    assert httpx.get(f"{live_url}/api/articles").json()["total"] == CLIENTS
    assert len(httpx.get(f"{live_url}/api/outlets").json()) == 3
