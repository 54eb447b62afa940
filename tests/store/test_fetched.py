"""What `unspin follow` asks of the store: the URLs it already holds, and a fetched page's record kept."""

from __future__ import annotations

from tests.store.factory import TEXT, article, report_for
from unspin.ingest import FetchRecord
from unspin.store import Store

ASKED, FINAL = "https://example.org/story?id=7", "https://example.org/2026/12/story.html"


def test_known_urls_match_the_url_asked_for_and_the_final_one(store: Store) -> None:
    record = FetchRecord(url=ASKED, final_url=FINAL, status=200, fetched_at="2026-12-07T09:00:00+00:00")
    page = article(source=ASKED, url=FINAL).model_copy(update={"fetch": record})
    saved = store.save(page, report_for(page).model_copy(update={"fetch": record}))
    store.save(article(TEXT + "More.\n", source="local.txt"), report_for(article(TEXT + "More.\n", source="local.txt")))
    assert store.known_urls([ASKED, FINAL, "https://example.org/other", "local.txt"]) == {ASKED, FINAL, "local.txt"}
    assert store.known_urls([]) == set()
    stored = store.get(saved.id)
    assert stored is not None and stored.report.fetch == record
