"""The pipeline's contract: one `Options` value, one `run` over a batch, choices declared once."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from pydantic import ValidationError

from unspin.ingest import METADATA_FIELDS, Article, IngestError
from unspin.pipeline import Options, run
from unspin.report import Report
from unspin.settings import STRENGTHS, StrengthName


def strength_tables() -> list[str]:
    data = tomllib.loads(resources.files("unspin.data").joinpath("strength.toml").read_text("utf-8"))
    return [name for name, table in data.items() if isinstance(table, dict) and "min_confidence" in table]


def report(article: Article, options: Options) -> Report:
    """A stand-in for `neutralize` (no spaCy): the text as it came, at the options' strength."""
    if article.text == "refused":
        raise ValueError("no article text left after cleaning")
    if article.text == "broken":
        raise RuntimeError("stage failed")
    return Report(source=article.source, original=article.text or "", text=article.text or "", strength=options.strength)


ITEMS = [
    Article(source="a.txt", text="first"),
    IngestError("feed.jsonl:2", "field 'text' or 'html' is required"),
    Article(source="b.txt", text="refused"),
    Article(source="c.txt", text="last"),
]


# --- Options ------------------------------------------------------------------------------------


def test_strengths_are_the_tables_of_strength_toml_in_order() -> None:
    assert [s.value for s in StrengthName] == strength_tables() == list(STRENGTHS) == ["light", "standard", "strong"]


def test_every_shell_reads_the_one_strength_enum() -> None:
    from typing import get_args

    from unspin.cli_choices import Strength
    from unspin.web.schemas import Strength as ApiStrength

    assert Strength is StrengthName
    assert get_args(ApiStrength) == STRENGTHS


def test_the_package_offers_the_contract() -> None:
    import unspin
    import unspin.pipeline

    assert (unspin.Options, unspin.run, unspin.read) == (Options, run, unspin.pipeline.read)
    with pytest.raises(AttributeError):
        unspin.Pipeline  # noqa: B018


def test_options_defaults_and_strength_by_name() -> None:
    options = Options()
    assert (options.strength, options.detect, options.thorough, options.flags) == (StrengthName.standard, True, False, True)
    assert (options.fill_from_story, options.max_bytes) == (False, None)
    assert Options(strength="strong").strength is StrengthName.strong
    assert Options(strength=StrengthName.light).strength is StrengthName.light


def test_unknown_strength_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown strength 'extreme'; choose one of light, standard, strong"):
        Options(strength="extreme")


@pytest.mark.parametrize("bad", [{"max_bytes": 0}, {"thorough": "very"}, {"colour": "blue"}])
def test_other_bad_options_are_refused(bad: dict) -> None:
    with pytest.raises(ValidationError):
        Options(**bad)


def test_options_are_a_value() -> None:
    options = Options(strength="strong", thorough=True)
    assert options == Options(strength="strong", thorough=True) and hash(options) == hash(
        Options(strength="strong", thorough=True)
    )
    with pytest.raises(ValidationError):
        options.thorough = False  # type: ignore[misc]


# --- run ----------------------------------------------------------------------------------------


def test_run_yields_reports_and_errors_in_order_and_goes_on() -> None:
    results = list(run(ITEMS, Options(strength="light"), step=report))
    assert [type(r).__name__ for r in results] == ["Report", "IngestError", "IngestError", "Report"]
    assert results[1] == ITEMS[1]  # a reader's error keeps its place
    assert results[2] == IngestError("b.txt", "no article text left after cleaning")
    assert [r.source for r in results] == ["a.txt", "feed.jsonl:2", "b.txt", "c.txt"]
    assert results[3].strength == "light"


def test_run_is_lazy() -> None:
    seen: list[str] = []

    def items():
        for item in ITEMS:
            seen.append(item.source)
            yield item

    results = run(items(), step=report)
    assert seen == []
    assert next(results).source == "a.txt" and seen == ["a.txt"]


def test_an_unexpected_error_is_raised_unless_contained() -> None:
    items = [Article(source="a.txt", text="broken"), Article(source="b.txt", text="fine")]
    with pytest.raises(RuntimeError, match="stage failed"):
        list(run(items, step=report))
    contained = list(run(items, step=report, contain=True))
    assert contained[0] == IngestError("a.txt", "could not be processed (RuntimeError: stage failed)")
    assert contained[1].source == "b.txt"


def test_fill_from_story_holds_reports_until_the_batch_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import unspin.stories

    batches: list[list[str]] = []

    def fill_batch(reports):
        batches.append([r.source for r in reports])
        return [r.model_copy(update={"text": r.text + " (filled)"}) for r in reports]

    monkeypatch.setattr(unspin.stories, "fill_batch", fill_batch)
    results = list(run(ITEMS, Options(fill_from_story=True), step=report))
    assert [r.source for r in results] == ["feed.jsonl:2", "b.txt", "a.txt", "c.txt"]  # errors as they come
    assert batches == [["a.txt", "c.txt"]]
    assert [r.text for r in results[2:]] == ["first (filled)", "last (filled)"]


@pytest.mark.slow
def test_run_neutralizes_by_default_and_one_bad_article_does_not_stop_the_batch() -> None:
    items = [
        Article(source="a.txt", text="The oppressive government imposed a curfew on Tuesday."),
        Article(source="empty.txt", text="   \n"),
        Article(source="c.txt", text="The council approved the budget on Monday."),
    ]
    results = list(run(items))
    assert isinstance(results[0], Report) and "[...]" in results[0].text and results[0].verify()
    assert isinstance(results[1], IngestError) and results[1].source == "empty.txt"
    assert isinstance(results[2], Report) and results[2].text == items[2].text


@pytest.mark.slow
def test_detect_false_cleans_only() -> None:
    text = "The oppressive government imposed a curfew on Tuesday."
    [result] = run([Article(source="a.txt", text=text)], Options(detect=False))
    assert result.text == text and result.edits == []


# --- choices declared once -----------------------------------------------------------------------


def test_metadata_fields_are_declared_once() -> None:
    from unspin.web.schemas import ArticleIn

    assert METADATA_FIELDS == ("title", "url", "outlet", "published", "author")
    assert list(Article.model_fields)[: len(METADATA_FIELDS) + 1] == ["source", *METADATA_FIELDS]
    assert list(Report.model_fields)[: len(METADATA_FIELDS) + 1] == ["source", *METADATA_FIELDS]
    assert set(ArticleIn.model_fields) - {"text", "html"} == set(METADATA_FIELDS)  # the API's limits per field


def test_the_cli_reads_the_render_registry() -> None:
    from unspin.cli_choices import Format
    from unspin.render import FORMATS, MEDIA_TYPES, REGISTRY

    assert [f.value for f in Format] == list(FORMATS) == list(REGISTRY) == list(MEDIA_TYPES)
