"""Properties of the whole pipeline over generated articles: arbitrary Unicode mixed with quotations,
numbers and furniture-like lines.

For every article: no crash (a report, or a one-line refusal when no article text is left), the
ledger round-trips (apply gives the text, invert gives the original back), every quotation that the
cleaner kept is in the output byte for byte, and every number the cleaner kept is still there.

CI runs a modest number of cases per property (profile `robustness-ci`); `make fuzz` runs the same
properties towards 100,000 cases (profile `robustness-fuzz`, `benchmarks/fuzz.py`: one property, one
hypothesis seed and UNSPIN_FUZZ_EXAMPLES cases per pytest process), selected by the env variable
UNSPIN_FUZZ_PROFILE.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import unspin
from unspin.edit.ledger import EditKind, apply_edits, check_edits, invert_edits
from unspin.ingest import DecodeError, decode_text
from unspin.pipeline import Options, neutralize

pytestmark = pytest.mark.slow  # runs the pipeline (spaCy)

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("robustness-ci", max_examples=60, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile(
    "robustness-fuzz",
    max_examples=int(os.environ.get("UNSPIN_FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=_HEALTH,
    database=None,  # a long run explores; it does not replay old failures
    print_blob=True,
    # A failure is shrunk to a minimal example but not "explained": once a case has failed, the explain
    # phase traces every Python line the pipeline runs (sys.settrace on 3.11) for every shrink step.
    phases=[Phase.generate, Phase.shrink],
)
PROFILE = os.environ.get("UNSPIN_FUZZ_PROFILE", "robustness-ci")
PROPERTY = settings(settings.get_profile(PROFILE))
# Cases run per property and the CPU seconds spent in their bodies (the pipeline and the checks), read
# by the fuzz report (tests/robustness/conftest.py): what is left of a run's CPU time is the harness's.
CASES_RUN: Counter[str] = Counter()
BODY_SECONDS: Counter[str] = Counter()


@contextmanager
def _case(name: str) -> Iterator[None]:
    """Count one case of property `name` once it has ended, passed or failed (a run stopped by Ctrl-C
    or the fuzz deadline does not count the case it was in), and add the CPU time its body took."""
    started = time.process_time()
    try:
        yield
    except Exception:
        _ended(name, started)
        raise
    _ended(name, started)


def _ended(name: str, started: float) -> None:
    CASES_RUN[name] += 1
    BODY_SECONDS[name] += time.process_time() - started


LOADED = [
    "shockingly",
    "expensive",
    "extremely",
    "lavish",
    "slammed",
    "brutal",
    "regime",
    "so-called",
    "very",
    "claimed",
    "outrageous",
    "disgraceful",
    "waste",
    "sadly",
    "dire",
    "an",
    "a",
    "crony",
    "plight",
]
PLAIN = [
    "the",
    "council",
    "approved",
    "bridge",
    "on",
    "Tuesday",
    "officials",
    "said",
    "Mary",
    "Hollins",
    "of",
    "in",
    "was",
    "it",
    "they",
    "vote",
    "city",
    "euros",
    "million",
    "and",
    "to",
    "after",
    "hour",
    "FBI",
]
FURNITURE = [
    "Sign in",
    "Subscribe",
    "Read more:",
    "Related articles",
    "Share",
    "Advertisement",
    "0:00 0:01:29",
    "12 comments",
    "Most Read",
    "Back to top",
    "Follow live:",
    "By Jane Doe",
    "Menu",
    "16x9 Image",
    "Updated: 18 Nov 2019 9:38 pm",
    "Accessibility links",
    "\u00a9 2024 Harbour Post. All rights reserved.",
    "More stories",
    "DON'T MISS",
    "Skip to content",
    "Facebook",
    "Twitter",
    "Don't miss",
    "Most Popular",
]
QUOTE_MARKS = "\u201c\u201d\u2018\u2019\"'\u00ab\u00bb\u201e"
NUMBER = re.compile(r"\d+")

# Any character but surrogates; no line breaks inside a "word".
_ANY = st.characters(exclude_categories=["Cs"], exclude_characters="\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e")
_PLAIN_CHARS = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters=QUOTE_MARKS)
numbers = st.one_of(
    st.integers(0, 10**9).map(str),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda p: f"{p[0]},{p[1]:03d}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.integers(1900, 2100).map(str),
)
plain_words = st.one_of(st.sampled_from(LOADED + PLAIN), numbers, st.text(_PLAIN_CHARS, min_size=1, max_size=10))
any_words = st.one_of(plain_words, st.text(_ANY, min_size=1, max_size=10))

# Strategies drawn inside the composites, built once: a strategy made afresh at every draw (a
# `sampled_from` of a list, a composite called again) has hypothesis work out its label and properties
# again for every case. Same elements in the same order: the cases are drawn as before.
_ENDINGS = st.sampled_from([".", ".", "?", "!", "", "\u2026", ":"])
_QUOTE_MARK_PAIRS = st.sampled_from([("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb")])
_LINE_KINDS = st.sampled_from(["sentence", "sentence", "quote", "long quote", "furniture", "unicode", "blank"])
_BEFORE_QUOTE = st.sampled_from(["", "The mayor said: ", "Critics called it "])
_AFTER_QUOTE = st.sampled_from(["", " said Mary Hollins.", ", officials said.", " she added."])
_FURNITURE_LINE = st.sampled_from(FURNITURE)
_SEPARATORS = st.sampled_from(["\n", "\n\n", "\n \n"])
_LAST_BREAK = st.sampled_from(["", "\n"])


@st.composite
def sentence(draw: st.DrawFn, words=any_words) -> str:
    body = " ".join(draw(st.lists(words, min_size=1, max_size=25)))
    return body[:1].upper() + body[1:] + draw(_ENDINGS)


@st.composite
def quotation(draw: st.DrawFn) -> str:
    """A direct quotation (curly, straight or guillemets) of plain words, loaded ones included."""
    opening, closing = draw(_QUOTE_MARK_PAIRS)
    inner = " ".join(draw(st.lists(plain_words, min_size=1, max_size=15)))
    return f"{opening}{inner}{closing}"


@st.composite
def long_quotation(draw: st.DrawFn) -> str:
    """A quotation over several paragraphs, news style: each opens with a mark, only the last closes."""
    paragraphs = [" ".join(draw(st.lists(plain_words, min_size=3, max_size=15))) for _ in range(draw(st.integers(2, 4)))]
    return "\n\n".join(f"\u201c{p}" for p in paragraphs) + "\u201d"


_SENTENCES, _QUOTATIONS, _LONG_QUOTATIONS = sentence(), quotation(), long_quotation()


@st.composite
def article(draw: st.DrawFn) -> tuple[str, list[str]]:
    """An article's text and the quotations written into it."""
    quotes: list[str] = []
    lines = []
    for _ in range(draw(st.integers(1, 20))):
        kind = draw(_LINE_KINDS)
        if kind == "long quote":
            quote = draw(_LONG_QUOTATIONS)
            quotes.append(quote)
            lines.append(quote)
        elif kind == "sentence":
            lines.append(draw(_SENTENCES))
        elif kind == "quote":
            quote = draw(_QUOTATIONS)
            quotes.append(quote)
            before = draw(_BEFORE_QUOTE)
            after = draw(_AFTER_QUOTE)
            lines.append(f"{before}{quote}{after}")
        elif kind == "furniture":
            lines.append(draw(_FURNITURE_LINE))
        elif kind == "unicode":
            lines.append(draw(st.text(_ANY, max_size=80)))
        else:
            lines.append("")
    separator = draw(_SEPARATORS)
    return separator.join(lines) + draw(_LAST_BREAK), quotes


DEFAULT = Options()
CLEAN_ONLY = Options(detect=False)


def _refusal_or_report(text: str, options: Options = DEFAULT) -> unspin.Report | None:
    """The report, or None when the pipeline refused the text in one line (nothing left to report)."""
    try:
        return neutralize(text, options)
    except ValueError as exc:  # CleanError, PipelineError: no article text
        message = str(exc)
        assert "\n" not in message and ("empty" in message or "no article text" in message), message
        return None


def _kept(report: unspin.Report) -> str:
    """The original without the furniture the cleaner removed: what the editor had to work on."""
    return apply_edits(report.original, [e for e in report.edits if e.kind is EditKind.BOILERPLATE])


def _assert_ledger_round_trips(report: unspin.Report) -> None:
    check_edits(report.original, report.edits)
    assert apply_edits(report.original, report.edits) == report.text
    assert invert_edits(report.text, report.edits) == report.original


@PROPERTY
@given(case=article())
def test_whole_pipeline_on_generated_articles(case: tuple[str, list[str]]) -> None:
    with _case("test_whole_pipeline_on_generated_articles"):
        text, quotes = case
        report = _refusal_or_report(text)
        if report is None:
            return
        assert report.original == text.replace("\r\n", "\n") or report.original == text
        _assert_ledger_round_trips(report)
        kept = _kept(report)
        for quote in quotes:
            if quote in kept:
                assert quote in report.text, f"quotation changed: {quote!r}"
        before, after = Counter(NUMBER.findall(kept)), Counter(NUMBER.findall(report.text))
        for number, count in before.items():
            assert after[number] >= count, f"number {number} lost"


_ARTICLES, _MENU_ITEMS = article(), st.lists(_FURNITURE_LINE, max_size=6)
_WRAPPERS = st.sampled_from(["article", "div", "main", "section"])


@st.composite
def html_page(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page: the generated article's lines as paragraphs (markup escaped), between a menu and a footer."""
    text, quotes = draw(_ARTICLES)
    escape = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
    paragraphs = "".join(f"<p>{line.translate(escape)}</p>" for line in text.split("\n") if line.strip())
    menu = "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(draw(_MENU_ITEMS)))
    wrapper = draw(_WRAPPERS)
    page = f"<html><head><title>T</title><script>var a = '<p>x</p>';</script></head><body><nav><ul>{menu}</ul></nav>"
    return page + f"<{wrapper}>{paragraphs}</{wrapper}><footer>{draw(_FURNITURE_LINE)}</footer></body></html>", quotes


@PROPERTY
@given(case=html_page())
def test_whole_pipeline_on_generated_html_pages(case: tuple[str, list[str]]) -> None:
    """HTML pages: no crash, the ledger round-trips over the extracted text, kept numbers stay."""
    with _case("test_whole_pipeline_on_generated_html_pages"):
        page, _ = case
        try:
            report = neutralize(unspin.Article(source="page.html", html=page))
        except ValueError as exc:  # no article text found, or none left after cleaning
            assert "\n" not in str(exc) and ("no article text" in str(exc) or "empty" in str(exc)), str(exc)
            return
        _assert_ledger_round_trips(report)
        kept = _kept(report)
        before, after = Counter(NUMBER.findall(kept)), Counter(NUMBER.findall(report.text))
        assert all(after[number] >= count for number, count in before.items())


@PROPERTY
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=400))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    with _case("test_arbitrary_unicode_never_crashes"):
        report = _refusal_or_report(text)
        if report is not None:
            _assert_ledger_round_trips(report)


@PROPERTY
@given(data=st.one_of(st.binary(max_size=600), article().map(lambda c: c[0].encode("utf-8", "surrogatepass"))))
def test_arbitrary_bytes_are_decoded_or_refused(data: bytes) -> None:
    """Bytes as a file holds them: refused in one line (empty, binary), or decoded and reported."""
    with _case("test_arbitrary_bytes_are_decoded_or_refused"):
        try:
            decoded = decode_text(data)
        except DecodeError as exc:
            assert "\n" not in str(exc)
            return
        report = _refusal_or_report(decoded.text)
        if report is not None:
            _assert_ledger_round_trips(report)


@PROPERTY
@given(case=article())
def test_clean_only_keeps_everything_it_does_not_remove(case: tuple[str, list[str]]) -> None:
    """`unspin clean`: only whole furniture lines go, so the kept text is the output, quotations and all."""
    with _case("test_clean_only_keeps_everything_it_does_not_remove"):
        text, _ = case
        report = _refusal_or_report(text, CLEAN_ONLY)
        if report is None:
            return
        _assert_ledger_round_trips(report)
        assert {e.kind for e in report.edits} <= {EditKind.BOILERPLATE}
        assert report.text == _kept(report)
