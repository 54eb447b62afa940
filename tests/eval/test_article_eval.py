"""Whole-article scores (PTC) on hand-made articles; one check on the real dev file.

No spaCy here: systems are stand-ins returning fixed ranges, and the word-list baseline
is a plain lookup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, require_shared
from tests.eval.samples import PTC, PTC_TEXT
from unspin.eval.article_eval import (
    ArticleCounts,
    ArticleOutput,
    DetectorArticles,
    count_article,
    evaluate_system,
    loaded_targets,
    overlaps,
    spread,
    summarize,
    word_count,
)
from unspin.eval.baselines.wordlist import WordListBaseline, annotated_entries, dev_word_list, entry_of
from unspin.eval.datasets import AnnotatedSpan, DataError, PtcArticle, TestSplitError, load_ptc, training


def at(phrase: str, text: str = PTC_TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def article(data_root: Path) -> PtcArticle:
    (only,) = load_ptc("dev", data_root)
    return only


class Fixed:
    """A stand-in system: the same output for every text."""

    name = description = "fixed"

    def __init__(self, output: ArticleOutput) -> None:
        self.output = output

    def run(self, text: str) -> ArticleOutput:
        return self.output


# --- loader ------------------------------------------------------------------------------


def test_loader_keeps_every_span_and_picks_the_loaded_ones(article: PtcArticle) -> None:
    assert len(article.spans) == 5
    assert {s.technique for s in article.loaded} == {"Loaded_Language", "Exaggeration,Minimisation", "Name_Calling,Labeling"}
    assert [s.quote for s in article.spans if article.text[s.start : s.end] == "shameful waste"] == [True]


def test_loader_refuses_test_to_training_code(data_root: Path) -> None:
    with training():
        assert load_ptc("dev", data_root)
        with pytest.raises(TestSplitError):
            load_ptc("test", data_root)


def test_loader_catches_shifted_offsets(tmp_path: Path) -> None:
    record = dict(PTC[0], spans=[{"start": 1, "end": 5, "technique": "Loaded_Language", "text": "Coun", "quote": False}])
    (tmp_path / "ptc").mkdir()
    (tmp_path / "ptc" / "dev.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="dev.jsonl:1"):
        load_ptc("dev", tmp_path)


# --- one article -------------------------------------------------------------------------


def test_overlap_needs_one_shared_character() -> None:
    assert overlaps((0, 5), (4, 9)) and overlaps((4, 9), (0, 5))
    assert not overlaps((0, 5), (5, 9))  # touching is not overlapping


def test_targets_are_loaded_unquoted_and_deduplicated(article: PtcArticle) -> None:
    assert loaded_targets(article) == [at("disastrous"), at("radical mayor")]


def test_one_word_of_a_phrase_finds_it(article: PtcArticle) -> None:
    counts = count_article(article, ArticleOutput(edits=(at("radical"),)), quotations=[])
    assert (counts.targets, counts.found) == (2, 1)


def test_flags_find_spans_but_are_not_edits(article: PtcArticle) -> None:
    counts = count_article(article, ArticleOutput(edits=(at("disastrous"),), flags=(at("mayor"),)), quotations=[])
    assert counts.found == 2
    assert (counts.edits, counts.flags) == (1, 1)
    assert counts.words == word_count(PTC_TEXT) == 26
    assert counts.edits_per_100 == pytest.approx(100 / 26)


def test_share_on_spans_counts_every_technique(article: PtcArticle) -> None:
    output = ArticleOutput(edits=(at("praised"), at("council backed")), flags=(at("Tuesday"), at("disastrous")))
    counts = count_article(article, output, quotations=[])
    assert counts.edits_on_spans == 1  # 'praised' sits in a Doubt span; 'council backed' in none
    assert counts.flags_on_spans == 1
    assert counts.found == 1  # the Doubt span is not a loaded-language target


def test_edits_in_quotations_both_ways(article: PtcArticle) -> None:
    output = ArticleOutput(edits=(at("shameful"), at('waste" of')), flags=(at("a shameful"),))
    counts = count_article(article, output)  # unspin's own quotation ranges of the text
    assert counts.edits_on_quoted_spans == 2
    assert counts.edits_in_quotations == 2  # half inside is inside; flags are not counted
    assert counts.found == 0  # a quoted span is never a target
    outside = count_article(article, ArticleOutput(edits=(at("radical"),)))
    assert (outside.edits_on_quoted_spans, outside.edits_in_quotations) == (0, 0)


def test_harness_quotations_differ_from_ptc_marks() -> None:
    text = "He said ‘it was a disaster’ on air."
    span = AnnotatedSpan(*at("disaster", text), "Loaded_Language", quote=False)  # PTC's converter ignores single quotes
    counts = count_article(PtcArticle("x", text, (span,)), ArticleOutput(edits=(at("disaster", text),)))
    assert (counts.targets, counts.found, counts.edits_on_quoted_spans, counts.edits_in_quotations) == (1, 1, 0, 1)


# --- a set of articles ---------------------------------------------------------------------


def tally(words: int, edits: int, flags: int = 0, targets: int = 0, found: int = 0) -> ArticleCounts:
    return ArticleCounts(words, targets, found, edits, flags, 0, 0, 0, 0)


def test_rates_pool_words_and_spread_is_per_article() -> None:
    counts = [tally(100, 1, 2, targets=4, found=1), tally(300, 9, targets=0), tally(0, 0)]
    result = summarize("s", "dev", counts)
    assert result.edits_per_100 == pytest.approx(100 * 10 / 400)  # pooled, not a mean of rates
    assert result.flags_per_100 == pytest.approx(0.5)
    assert result.recall == pytest.approx(0.25)
    assert result.edits_spread.median == pytest.approx(2.0)  # the empty article has no rate
    assert result.edit_on_span_share == 0.0 and result.flag_on_span_share == 0.0
    assert result.articles_per_s is None


def test_nothing_to_find_or_share_is_none() -> None:
    result = summarize("s", "dev", [tally(50, 0)])
    assert result.recall is None and result.edit_on_span_share is None and result.flag_on_span_share is None


def test_spread_percentiles() -> None:
    values = [float(v) for v in range(11)]  # 0..10
    assert spread(values) == spread(list(reversed(values)))
    s = spread(values)
    assert (s.p10, s.median, s.p90) == (pytest.approx(1.0), pytest.approx(5.0), pytest.approx(9.0))
    assert spread([]).median is None


def test_evaluate_system_with_a_stand_in(article: PtcArticle) -> None:
    result = evaluate_system(Fixed(ArticleOutput(edits=(at("disastrous"),))), [article], "dev")
    assert (result.found, result.targets, result.edits) == (1, 2, 1)
    assert result.as_dict()["edits_per_100_words_per_article"]["median"] == pytest.approx(100 / 26)


# --- the word-list baseline ----------------------------------------------------------------


def test_word_list_matches_whole_words_and_phrases() -> None:
    baseline = WordListBaseline(
        [entry_of("The"), entry_of("left-wing"), entry_of("take seriously"), entry_of('"Radical"')], "w", ""
    )
    text = "Theory aside, the left-wing radical's view: take it seriously, take seriously. Wing."
    found = [text[a:b] for a, b in baseline.ranges(text)]
    assert found == ["the", "left-wing", "radical", "take seriously"]


def test_word_list_from_dev_drops_mostly_unmarked_words(data_root: Path) -> None:
    marked, occurring = annotated_entries(data_root)
    assert marked[("the",)] == 2 and occurring[("the",)] == 8  # marked once per file, in all four sentences of both
    assert marked[("radical",)] == occurring[("radical",)] == 2
    assert len(dev_word_list(data_root)) == 5
    kept = dev_word_list(data_root, 0.5)
    assert {e for entries in kept.by_first.values() for e in entries} == {
        ("radical",),
        ("disgraceful",),
        ("fattened",),
        ("pockets",),
    }
    system = DetectorArticles(kept)
    (a1,) = load_ptc("dev", data_root)
    assert [a1.text[a:b] for a, b in system.run(a1.text).edits] == ["radical"]


# --- the real file -------------------------------------------------------------------------


def test_real_ptc_dev_file() -> None:
    require_shared(DATA / "ptc" / "dev.jsonl")  # skips without ../shared, fails in CI
    articles = load_ptc("dev")
    assert len(articles) == 185
    assert sum(len(a.loaded) for a in articles) == 1711  # ptc/README.md
    assert all(0 <= s.start < s.end <= len(a.text) for a in articles for s in a.spans)
    baseline = WordListBaseline([entry_of("disastrous"), entry_of("devastating"), entry_of("sham")], "w", "")
    result = evaluate_system(DetectorArticles(baseline), articles[:20], "dev")
    assert result.articles == 20 and result.targets > 0
    assert result.edits_in_quotations <= result.edits


# --- command line ----------------------------------------------------------------------------


@pytest.mark.slow
def test_ptc_command(data_root: Path) -> None:
    from typer.testing import CliRunner

    from unspin.eval.cli import eval_app

    result = CliRunner().invoke(eval_app, ["ptc", "--split", "dev", "--data", str(data_root), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["ptc"]
    assert [r["system"] for r in rows] == ["unspin", "BABE+MBIC word list", "BABE+MBIC word list ≥50%"]
    assert all(r["articles"] == 1 and r["loaded_spans_outside_quotes"] == 2 for r in rows)
    assert rows[0]["edits_in_quotations"] == 0  # unspin never edits a quotation
    md = CliRunner().invoke(eval_app, ["ptc", "--split", "test", "--data", str(data_root), "--thorough", "--format", "md"])
    assert md.exit_code == 0, md.output
    assert md.stdout.startswith("### Loaded language in whole articles (PTC) — test") and "| unspin (thorough) |" in md.stdout
