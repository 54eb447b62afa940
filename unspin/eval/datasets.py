"""Loaders for the labelled sets in ../shared/data, and the guard on their test splits.

Every set has a `dev` split (tune, select, train) and a `test` split (report only).
Code that trains opens files with `for_training=True`, or inside `training()`:
either way a test file refuses to open, so a model cannot see test data by mistake.

The data root is `--data`, else env `UNSPIN_DATA`, else `<repo>/../shared/data`.
"""

from __future__ import annotations

import contextlib
import contextvars
import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from unspin.eval.tokens import SPACE_SEPARATED, WORD, Token, gold_positions, tokenize
from unspin.ingest.decode import DecodeError, decode_bytes

DETECT_SETS = ("babe", "mbic", "wnc_sample")
SPLITS = ("dev", "test")
BIASED, NON_BIASED = "Biased", "Non-biased"

_training = contextvars.ContextVar("unspin_eval_training", default=False)


class DataError(FileNotFoundError):
    """A data file or folder that is missing or malformed; the message names it."""


class TestSplitError(PermissionError):
    """Training code asked for a test split."""

    __test__ = False  # not a pytest class


@contextlib.contextmanager
def training() -> Iterator[None]:
    """Inside this block no test split can be opened, whatever the caller passes."""
    token = _training.set(True)
    try:
        yield
    finally:
        _training.reset(token)


def data_root(override: str | Path | None = None) -> Path:
    if override:
        return Path(override)
    if os.environ.get("UNSPIN_DATA"):
        return Path(os.environ["UNSPIN_DATA"])
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def split_path(dataset: str, split: str, root: str | Path | None = None, *, for_training: bool = False) -> Path:
    """The JSONL file of one split; refuses a test split to training code."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    if split != "dev" and (for_training or _training.get()):
        raise TestSplitError(f"training code may only read dev data, not {dataset}/{split}")
    path = data_root(root) / dataset / f"{split}.jsonl"
    if not path.is_file():
        raise DataError(f"{path} not found (set --data or UNSPIN_DATA to the folder holding {dataset}/)")
    return path


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise DataError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return records


@dataclass(frozen=True)
class LabelledSentence:
    """One sentence with its sentence label and the token indices of its biased words.

    `gold` is None for a sentence that has no word annotation (WNC's neutral
    side), which then counts for sentence-level scores only.
    """

    id: str
    text: str
    label: str | None
    tokens: tuple[Token, ...]
    gold: frozenset[int] | None
    biased_words: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()  # annotated words not found in the text

    @property
    def biased(self) -> bool | None:
        """True/False for Biased/Non-biased; None ('No agreement') leaves sentence scores."""
        return {BIASED: True, NON_BIASED: False}.get(self.label or "")


def labelled(id: str, text: str, label: str | None, words: list[str], pattern=WORD) -> LabelledSentence:
    tokens = tokenize(text, pattern)
    gold, unmatched = gold_positions(tokens, words, pattern)
    return LabelledSentence(id, text, label, tuple(tokens), frozenset(gold), tuple(words), tuple(unmatched))


def load_bias_sentences(
    dataset: str, split: str, root: str | Path | None = None, *, for_training: bool = False
) -> list[LabelledSentence]:
    """BABE or MBIC: news sentences with expert/crowd labels and marked biased words."""
    if dataset not in ("babe", "mbic"):
        raise ValueError(f"{dataset!r} is not a biased-word set (babe, mbic)")
    path = split_path(dataset, split, root, for_training=for_training)
    return [labelled(r["id"], r["text"], r.get("label"), list(r.get("biased_words") or [])) for r in read_jsonl(path)]


def load_wnc(
    split: str, root: str | Path | None = None, *, for_training: bool = False, with_after: bool = True
) -> list[LabelledSentence]:
    """WNC sample: each `before` sentence is Biased with its removed words as gold.

    With `with_after`, each neutralised `after` sentence is added as Non-biased
    (no word annotation), so that sentence scores and the false-edit rate have
    negatives to count.
    """
    path = split_path("wnc_sample", split, root, for_training=for_training)
    out = []
    for r in read_jsonl(path):
        out.append(labelled(r["id"], r["before"], BIASED, list(r.get("removed_words") or []), SPACE_SEPARATED))
        if with_after:
            tokens = tuple(tokenize(r["after"], SPACE_SEPARATED))
            out.append(LabelledSentence(f"{r['id']}:after", r["after"], NON_BIASED, tokens, None))
    return out


def load_detect(
    dataset: str, split: str, root: str | Path | None = None, *, for_training: bool = False
) -> list[LabelledSentence]:
    """One split; a test split loses the sentences that also sit in a training (dev) split.

    BABE and MBIC come from the same annotation project and share about 420
    sentences across splits (MBIC dev sentences are in BABE test and the
    reverse). unspin's detector trains on the dev splits of both, so scoring a
    test sentence it was trained on would flatter it: those are left out.
    """
    if dataset == "wnc_sample":
        return load_wnc(split, root, for_training=for_training)
    if dataset in ("babe", "mbic"):
        records = load_bias_sentences(dataset, split, root, for_training=for_training)
        if split == "test":
            seen = training_texts(root)
            records = [r for r in records if _normal(r.text) not in seen]
        return records
    raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DETECT_SETS)}")


def training_texts(root: str | Path | None = None) -> frozenset[str]:
    """Normalised texts of every sentence a detector may train on (the dev splits)."""
    texts = {_normal(r["text"]) for name in ("babe", "mbic") for r in read_jsonl(split_path(name, "dev", root))}
    texts |= {_normal(r["before"]) for r in read_jsonl(split_path("wnc_sample", "dev", root))}
    return frozenset(texts)


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class ExtractionPage:
    id: str
    url: str
    html_path: Path
    article_body: str

    def html(self) -> str:
        """The page as text, decoded the way unspin's ingest decodes any file."""
        try:
            raw = self.html_path.read_bytes()
            raw = gzip.decompress(raw) if self.html_path.suffix == ".gz" else raw
            return decode_bytes(raw)
        except (OSError, DecodeError) as exc:
            raise DataError(f"{self.html_path}: cannot read ({exc})") from exc


def load_extraction(split: str, root: str | Path | None = None, *, for_training: bool = False) -> list[ExtractionPage]:
    """Scrapinghub article-extraction benchmark pages with their ground-truth article body."""
    path = split_path("extraction", split, root, for_training=for_training)
    return [ExtractionPage(r["id"], r.get("url", ""), path.parent / r["html_file"], r["article_body"]) for r in read_jsonl(path)]


LOADED_TECHNIQUES = frozenset({"Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation"})


@dataclass(frozen=True)
class AnnotatedSpan:
    """One technique annotation: `start`/`end` index the article text (code points, end exclusive)."""

    start: int
    end: int
    technique: str
    quote: bool  # inside a quotation, by the converter's heuristic (see ptc/README.md)


@dataclass(frozen=True)
class PtcArticle:
    """A whole PTC news article with every technique span (`spans`) and the loaded-language subset."""

    id: str
    text: str
    spans: tuple[AnnotatedSpan, ...]

    @property
    def loaded(self) -> tuple[AnnotatedSpan, ...]:
        return tuple(s for s in self.spans if s.technique in LOADED_TECHNIQUES)


def load_ptc(split: str, root: str | Path | None = None, *, for_training: bool = False) -> list[PtcArticle]:
    """PTC (SemEval-2020 Task 11) articles: loaded language in whole articles, not sentences.

    The offsets are checked against the span texts, so a file re-encoded or with
    its newlines translated fails here rather than scoring shifted spans.
    """
    path = split_path("ptc", split, root, for_training=for_training)
    return [_ptc_article(path, number, r) for number, r in enumerate(read_jsonl(path), 1)]


def _ptc_article(path: Path, number: int, record: dict) -> PtcArticle:
    text = record["text"]
    spans = []
    for s in record.get("spans") or []:
        if "text" in s and text[s["start"] : s["end"]] != s["text"]:
            raise DataError(f"{path}:{number}: span {s['start']}-{s['end']} does not match its text (offsets shifted?)")
        spans.append(AnnotatedSpan(s["start"], s["end"], s["technique"], bool(s.get("quote"))))
    return PtcArticle(str(record["id"]), text, tuple(spans))
