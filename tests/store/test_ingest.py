"""`ingest` runs the pipeline once per article and setting; the store answers every repeat."""

from __future__ import annotations

import pytest

import unspin.store.intake as ingest_module
from unspin.ingest import Article, IngestError
from unspin.store import Store, ingest, ingest_all

ARTICLE = Article(
    source="bridge.txt",
    outlet="Harbour Post",
    text=(
        "Council approves bridge\n\n"
        "The city council approved the shockingly expensive Lumen Bridge on Tuesday, officials said.\n\n"
        "Critics slammed the extremely lavish design, which will cost 48 million euros.\n"
    ),
)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts pipeline runs."""
    calls: list[str] = []
    real = ingest_module.neutralize

    def counting(item, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(item.source)
        return real(item, **kwargs)

    monkeypatch.setattr(ingest_module, "neutralize", counting)
    return calls


@pytest.mark.slow
def test_ingest_runs_the_pipeline_once(store: Store, runs: list[str]) -> None:
    first = ingest(store, ARTICLE)
    again = ingest(store, ARTICLE.model_copy(update={"source": "copy.txt"}))
    assert runs == ["bridge.txt"]
    assert first.created and not again.created and again.id == first.id
    assert "[...]" in first.report.text and first.report.verify()
    assert first.loaded_edits >= 1 and first.density > 0


@pytest.mark.slow
def test_ingest_all_reports_bad_articles_and_goes_on(store: Store) -> None:
    results = list(ingest_all(store, [Article(source="empty.txt", text="   \n"), IngestError("x.jsonl:2", "bad"), ARTICLE]))
    assert isinstance(results[0], IngestError) and results[0].source == "empty.txt"
    assert results[1] == IngestError("x.jsonl:2", "bad")
    assert results[2].report.title == "Council approves bridge"
