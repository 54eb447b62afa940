"""Many clients saving the same article at the same moment store it once, and none of them fails.

Threads each open their own `Store` (their own engine and connections), so the
race is decided by the database's unique keys, exactly as between server
processes; a second test uses real processes.
"""

from __future__ import annotations

import multiprocessing
import threading

from sqlalchemy import func, select

from tests.store.factory import article, report_for
from unspin.store import Store
from unspin.store.models import ArticleRow, Outlet, ReportRow

CLIENTS = 8


def count(store: Store, model: type) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


def test_threads_racing_on_one_article_store_it_once(db_url: str) -> None:
    Store(db_url).close()  # migrate once, as the server does before it accepts requests
    item = article(outlet="Harbour Post")
    report = report_for(item)
    barrier = threading.Barrier(CLIENTS)
    results, failures = [], []

    def client() -> None:
        store = Store(db_url, create=False)
        try:
            barrier.wait(timeout=30)
            results.append(store.save(item, report))
        except Exception as exc:  # collected and asserted below: a lost client must fail the test
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert len(results) == CLIENTS
    assert len({(saved.id, saved.report_id) for saved in results}) == 1
    assert sum(saved.created for saved in results) == 1
    store = Store(db_url, create=False)
    assert (count(store, ArticleRow), count(store, ReportRow), count(store, Outlet)) == (1, 1, 1)
    store.close()


def _save_in_process(db_url: str, start: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    store = Store(db_url, create=False)
    item = article(outlet="Harbour Post")
    start.wait(30)
    try:
        saved = store.save(item, report_for(item))
        out.put((saved.id, saved.created))
    except Exception as exc:  # reported to the parent, which fails the test
        out.put(("error", repr(exc)))
    finally:
        store.close()


def test_processes_racing_on_one_article_store_it_once(db_url: str) -> None:
    Store(db_url).close()
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    workers = [context.Process(target=_save_in_process, args=(db_url, start, out)) for _ in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    answers = [out.get(timeout=600) for _ in workers]  # each process loads the story models on its first save
    for worker in workers:
        worker.join(timeout=30)
    assert all(answer[0] != "error" for answer in answers), answers
    assert len({answer[0] for answer in answers}) == 1
    assert sum(answer[1] for answer in answers) == 1
    store = Store(db_url, create=False)
    assert (count(store, ArticleRow), count(store, ReportRow)) == (1, 1)
    store.close()


def test_different_articles_in_parallel_are_all_kept(db_url: str) -> None:
    Store(db_url).close()
    failures = []

    def client(n: int) -> None:
        store = Store(db_url, create=False)
        try:
            for k in range(5):
                item = article(f"Client {n} article {k}: the council met.\n", outlet=f"Outlet {k % 2}")
                store.save(item, report_for(item))
        except Exception as exc:  # asserted below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    store = Store(db_url, create=False)
    assert (count(store, ArticleRow), count(store, ReportRow), count(store, Outlet)) == (CLIENTS * 5, CLIENTS * 5, 2)
    store.close()
