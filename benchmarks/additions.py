"""Additions from other outlets, judged: does the article lack the fact, who is credited, does it stand alone?

    python benchmarks/additions.py --write docs/BENCHMARKS.md [--splits dev test] [--seeds ../shared/seeds]
    python benchmarks/additions.py --splits dev --tune --labels docs/ADDITIONS.md  # the thresholds, dev only
    python benchmarks/additions.py --splits dev --sample 50 --sample-from dev --sample-seed 7 --sample-out /tmp/sample.jsonl
    python benchmarks/additions.py --from-rows dev.err test.err --limit 100 --write docs/BENCHMARKS.md  # rows of earlier runs

Every article of a story is filled from the others (`fill_from_story`, as `unspin stories` does) and each
addition is judged by rules written here, apart from the ones that chose it, so a share can fall short:

- **lacks**: the target lacks the fact when (1) no sentence of the target (headline included) nor an
  addition made before it is one fact with it by the aligner's own rule (`facts.align`: cosine 0.72, or
  0.62 when they share a number or two name words; the filler decides on other bars, so this can fail),
  (2) no single target sentence holds 70% or more of its content words (a lexical restatement), and
  (3) it brings something new: a number or a name word the target never writes, or two new content words.
- **credited**: the text opens "[Added from X: " where X is the outlet of the article the sentence was
  found in (looked up by its text among the story's other articles) as `Report.outlet_name` gives it, or
  "unknown outlet" when that is None; X is never the article's file name, id or a hex stem. **named** is
  the share whose X is an outlet's name (the AllSides data names no outlets, so there it is 0 by design).
- **standalone**: spaCy on the added text: it does not open with a coordinating conjunction, a
  demonstrative adverb or an adverb set off by a comma ("However,", "There,"); no third-person pronoun
  comes before every noun or name of its sentence; and a bare "the + noun" subject names a noun the
  target used before the insertion point.
- **placement**: the target sentence right after the insertion point passes the same opening test.
- **clean**: no "[...]" in the added text and the neutralizer, run on the added text alone, would cut or
  replace nothing in it (words it may only flag are counted apart, and named in the ledger).

The stories data (AllSides roundups released with NeuS, Lee et al. 2022) is title + lead, about three
articles an event; stories are the data's own events (grouping is measured in `benchmarks/stories.py`).
Figures go to docs/BENCHMARKS.md between <!-- bench:additions --> markers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


from unspin.docsections import write_section  # noqa: E402
from unspin.edit.ledger import EditKind  # noqa: E402
from unspin.ingest.article import Article  # noqa: E402
from unspin.ingest.outlet import UNKNOWN  # noqa: E402
from unspin.report import Report  # noqa: E402
from unspin.stories import embed, fill, novelty  # noqa: E402
from unspin.stories.dataset import cache_dir, load_split  # noqa: E402
from unspin.stories.entities import mentions  # noqa: E402
from unspin.stories.facts import SAME_FACT, SAME_FACT_WITH_ANCHOR  # noqa: E402
from unspin.stories.text import body_sentences, content_words, sentences  # noqa: E402

TARGETS = {"lacks": 0.90, "credited": 1.00, "standalone": 0.95}
RESTATED = 0.7  # share of an addition's content words one target sentence holds for a lexical restatement
_CREDIT = re.compile(r"^\[Added from (?P<outlet>[^:\]]+): (?P<text>.*)\]$", re.S)
_THEIR = re.compile(r"Their sentence: \u201c(?P<sentence>.*?)\u201d(?: Loaded| Kept|$)", re.S)
_STEM = re.compile(r"[0-9a-f]{8,}|\.(?:txt|html?|jsonl)\b|^(?:dev|test|train)-\d")
_PERSONAL = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "it", "its"})


@dataclass
class Judged:
    """One addition and the verdicts on it."""

    corpus: str
    story: str
    target: str
    at: int
    outlet: str
    text: str
    sentence: str
    before: str  # the target's text just before the insertion point
    after: str  # ... and just after it
    lacks: bool
    credited: bool
    named: bool
    standalone: bool
    placement: bool
    clean: bool
    flagged: bool
    near: float = 0.0  # the filler's own measure: best cosine to a sentence of the target (for --tune)
    detail: bool = False  # ... and whether it brings a number or person the target does not
    new: str = ""  # the fact-bearing elements the target lacks (`novelty.new_elements`), for the hand-judged sample
    elements: tuple[novelty.Element, ...] = ()  # ... as found (for --tune)


def neutralized(records, split: str) -> dict[str, Report]:
    """Each record (title + lead) through the pipeline, cached on disk by content: it is the slow part."""
    from unspin.pipeline import neutralize

    digest = hashlib.sha1("\n".join(f"{r.id}\t{r.title}\t{r.text}" for r in records).encode()).hexdigest()[:16]
    path = cache_dir() / f"additions-{split}-{digest}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    reports = {r.id: neutralize(Article(source=r.id, title=r.title, text=f"{r.title}\n\n{r.text}")) for r in records}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(reports))
    return reports


def split_stories(split: str) -> dict[str, list[Report]]:
    """The split's events as stories of neutralized reports (events with one article are left out)."""
    records = load_split(split, tuning=split != "test")
    reports = neutralized(records, split)
    stories: dict[str, list[Report]] = defaultdict(list)
    for record in records:
        stories[record.story].append(reports[record.id])
    return {key: members for key, members in stories.items() if len(members) > 1}


def seed_stories(folder: Path) -> dict[str, list[Report]]:
    """The seeds grouped by `unspin stories` itself (what a user gets), neutralized by the pipeline."""
    from unspin.stories.story import build_stories

    run = build_stories([str(folder)], compare=False)
    return {f"seeds-{s.id}": [m.report for m in s.members] for s in run.stories if len(s.members) > 1}


def judge_story(corpus: str, key: str, pairs: list[tuple[Report, Report]]) -> list[Judged]:
    members = [r for r, _ in pairs]
    found: list[Judged] = []
    for report, filled in pairs:
        adds = sorted((e for e in filled.edits if e.category == "added_fact"), key=lambda e: e.start)
        earlier: list[str] = []
        for edit in adds:
            found.append(judge(corpus, key, report, members, edit, earlier))
            earlier.append(found[-1].sentence)
    return found


def judge(corpus: str, key: str, report: Report, members: Sequence[Report], edit, earlier: list[str]) -> Judged:
    shown = edit.replacement.strip()
    credit = _CREDIT.match(shown)
    their = _THEIR.search(edit.reason)
    sentence = their.group("sentence") if their else ""
    text = credit.group("text") if credit else shown
    source = next((m for m in members if m is not report and sentence and sentence in m.original), None)
    expected = (source.outlet_name or UNKNOWN) if source is not None else None
    outlet = credit.group("outlet") if credit else ""
    credited = bool(credit) and outlet == expected and not _STEM.search(outlet) and source is not None
    credited = credited and (source.source not in outlet) and (Path(source.source).stem not in outlet)
    return Judged(
        corpus=corpus,
        story=key,
        target=report.source,
        at=edit.start,
        outlet=outlet,
        text=text,
        sentence=sentence,
        before=report.original[max(0, edit.start - 160) : edit.start],
        after=report.original[edit.start : edit.start + 160],
        lacks=lacks(sentence, report, earlier),
        credited=credited,
        named=credited and outlet != UNKNOWN,
        standalone=stands_alone(text, report.original[: edit.start]),
        placement=placement_ok(report, edit.start),
        clean=clean(text, report.strength),
        flagged="possibly loaded" in edit.reason,
        **closeness(sentence, report),
    )


def closeness(sentence: str, report: Report) -> dict:
    """What `fill` decides on: the best cosine to the target's sentences, and the fact-bearing elements the
    target lacks (`novelty`), whether one is a number or a person."""
    own = [s.text for s in body_sentences(report)] + ([report.title] if report.title else [])
    if not sentence or not own:
        return {}
    vectors = embed.encode([sentence, *own])
    new = novelty.new_elements(sentence, novelty.Known.of(own))
    return {
        "near": float((vectors[1:] @ vectors[0]).max()),
        "detail": any(e.kind in ("number", "person") for e in new),
        "new": ", ".join(f"{e}{'' if e.core else ' (incidental)'}" for e in new),
        "elements": tuple(new),
    }


def lacks(sentence: str, report: Report, earlier: list[str]) -> bool:
    """The target states no such fact: not by meaning, not by words, and the sentence brings something new."""
    own = [s.text for s in sentences(report)]
    if not sentence or not own:
        return False
    vectors = embed.encode([sentence, *own, *earlier])
    theirs, *ours = mentions([sentence, *own, *earlier])
    for score, other in zip(vectors[1:] @ vectors[0], ours):
        anchored = bool(theirs.numbers & other.numbers) or len(set(theirs.names) & set(other.names)) >= 2
        if score >= (SAME_FACT_WITH_ANCHOR if anchored else SAME_FACT):
            return False  # the aligner would put the two in one row of the fact table
    words = set(content_words(sentence))
    if any(len(words & set(content_words(s))) >= RESTATED * max(1, len(words)) for s in [*own, *earlier]):
        return False
    article = " ".join([*own, *earlier])
    known = set(content_words(article))
    theirs, ours = mentions([sentence, article])
    new_names = set(theirs.names) - known
    new_numbers = theirs.numbers - ours.numbers
    return bool(new_names or new_numbers) or len(words - known) >= 2


def _opens_leaning(doc) -> bool:
    tokens = [t for t in doc if not (t.is_punct or t.is_space)]
    if not tokens:
        return True
    first = tokens[0]
    if first.pos_ == "CCONJ" or (first.pos_ == "ADV" and "Dem" in first.morph.get("PronType")):
        return True
    following = doc[first.i + 1] if first.i + 1 < len(doc) else None
    return first.pos_ == "ADV" and first.head.dep_ == "ROOT" and following is not None and following.text == ","


def _nlp():
    from unspin.detect.nlp import load_nlp

    return load_nlp()


def stands_alone(text: str, before: str) -> bool:
    """No opening connective, no pronoun before any noun of its sentence, no unintroduced "the + noun" subject."""
    doc = _nlp()(text)
    if _opens_leaning(doc):
        return False
    for sent in doc.sents:
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN"):
                break
            if token.lower_ in _PERSONAL and token.pos_ == "PRON":
                return False
    seen = {t.lemma_.lower() for t in _nlp()(before[-4000:])} if before else set()
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT" and token.pos_ == "NOUN":
            children = list(token.children)
            bare = [c.lower_ for c in children] == ["the"]
            if bare and token.lemma_.lower() not in seen:
                return False
    return True


def placement_ok(report: Report, point: int) -> bool:
    following = next((s for s in sentences(report) if s.start >= point), None)
    return following is None or not _opens_leaning(_nlp()(following.text))


def clean(text: str, strength: str) -> bool:
    from unspin.pipeline import Options, loaded_language_edits

    if "[...]" in text:
        return False
    edits = loaded_language_edits(text, options=Options(strength=strength))
    return not any(e.kind in (EditKind.CUT, EditKind.MODIFY) for e in edits)


def summary(corpus: str, judged: list[Judged], stories: dict[str, list[Report]]) -> dict:
    articles = sum(len(m) for m in stories.values())
    per_article: dict[str, int] = defaultdict(int)
    for item in judged:
        per_article[item.target] += 1
    n = len(judged)

    def share(name: str) -> float | None:
        return sum(getattr(j, name) for j in judged) / n if n else None

    return {
        "corpus": corpus,
        "stories": len(stories),
        "articles": articles,
        "additions": n,
        "per_article": n / articles if articles else 0.0,
        "without": articles - len(per_article),
        "lacks": share("lacks"),
        "credited": share("credited"),
        "named": share("named"),
        "standalone": share("standalone"),
        "placement": share("placement"),
        "clean": share("clean"),
        "flagged": share("flagged"),
    }


def _cell(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "–"
    mark = "" if target is None else (" ✓" if value >= target - 1e-9 else " ✗")
    return f"{value:.3f}{mark}"


def section(rows: list[dict], thresholds: fill.Limits, limit: int | None) -> str:
    scope = f"the first {limit} events of each split in file order (the files are shuffled)" if limit else "every event"
    lines = [
        "Additions from other outlets (`python benchmarks/additions.py`, issue 13 item 6): every article of a "
        "story filled from the others by `fill_from_story`, each addition judged by rules written apart from the "
        "ones that chose it (documented in the script: **lacks** — no target sentence or earlier addition one fact "
        f"with it by the aligner's rule (cosine {SAME_FACT}, or {SAME_FACT_WITH_ANCHOR} sharing a number or two names) "
        f"or holding {RESTATED:.0%} of its content words, and a new name, "
        "number or two new content words; **credited** — the outlet of the article the sentence came from, by "
        "name or as unknown outlet, never a file name or id; **named** — credited by an outlet's name; "
        "**standalone** — no opening conjunction or comma-adverb, no pronoun before every noun, no unintroduced "
        "bare 'the + noun' subject; **placement** — the next target sentence passes the same opening test; "
        "**clean** — no '[...]' and nothing the neutralizer would still cut or replace). Stories data: AllSides "
        f"roundups released with NeuS (Lee et al. 2022), title + lead, {scope}, the data's own events as stories; it names "
        "no outlets, so 'named' is 0 there by design. Seeds: grouped by `unspin stories`. The filler adds only a sentence "
        "carrying a fact-bearing element the target lacks (`unspin/stories/novelty.py`) and not restating it (a more exact "
        "figure of one the target gives, a person named by a role the target gives unnamed, a new speaker of an event it "
        "tells, a sentence of incidental new elements whose other words the target holds), and its thresholds "
        f"(covered {thresholds.covered}, with a new number or person {thresholds.covered_with_new_detail}, with only "
        f"incidental new elements {thresholds.covered_incidental} and a restated share under "
        f"{thresholds.restated_incidental}) were "
        "chosen on dev (the hand verdicts on dev rows of docs/ADDITIONS.md: `--tune --labels`); what passes them must also "
        "pass a learned judge (`unspin/stories/judges.py`: a logistic regression fitted on those dev verdicts, its bar "
        "chosen by cross-validation grouped by event; `training/additions_judges.py`); the standalone rules were "
        "revised after hand-judged samples that include test additions (docs/ADDITIONS.md), so for those rules test is not "
        "untouched (the rules of 2026-12-07's second and third sessions were made on dev samples only). Targets: lacks ≥ 0.90, "
        "credited 1.00, standalone ≥ 0.95.",
        "",
        "| data | stories | articles | additions | per article | articles with none | lacks | credited | named "
        "| standalone | placement | clean | kept flagged words |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['corpus']} | {row['stories']} | {row['articles']} | {row['additions']} | {row['per_article']:.2f} "
            f"| {row['without']} | {_cell(row['lacks'], TARGETS['lacks'])} | {_cell(row['credited'], TARGETS['credited'])} "
            f"| {_cell(row['named'])} | {_cell(row['standalone'], TARGETS['standalone'])} | {_cell(row['placement'])} "
            f"| {_cell(row['clean'])} | {_cell(row['flagged'])} |"
        )
    lines += [
        "",
        "The automatic judges are lenient: they pass nearly every addition, where a reader's verdicts on samples of 50 "
        "(docs/ADDITIONS.md, a verdict on each addition and the totals) are lower, on the test split far lower; the "
        "hand-judged figures are the ones to read against the targets.",
    ]
    return "\n".join(lines)


def run_corpus(corpus: str, stories: dict[str, list[Report]], stream: Path | None = None) -> tuple[dict, list[Judged]]:
    """Every member of every story filled from the others (`fill_from_story`, as `unspin stories` does) and
    each addition judged. With `stream`, each story's judged additions, then a line naming the story done,
    are appended to that file as they are made, so a long run on a busy machine can be sampled before it ends."""
    judged: list[Judged] = []
    for key, members in stories.items():
        found = judge_story(corpus, key, [(r, fill.fill_from_story(r, members)) for r in members])
        judged += found
        if stream is not None:
            done = {"done": key, "corpus": corpus, "articles": len(members), "additions": len(found)}
            lines = [json.dumps(asdict(j), ensure_ascii=False) for j in found] + [json.dumps(done)]
            with stream.open("a", encoding="utf-8") as handle:
                handle.write("".join(line + "\n" for line in lines))
    return summary(corpus, judged, stories), judged


def tune(stories: dict[str, list[Report]], grid: Sequence[fill.Limits], dump: Path | None = None) -> None:
    """One pass with loose thresholds, then each point of `grid` keeps the additions it would have let
    through: how many, and the shares judged. (An approximation: a stricter bar can free a slot or leave a
    later fact uncovered; the chosen values are then run for real.) Judged by the automatic judges only."""
    base = fill.limits()
    loose = fill.Limits(
        max(b.covered for b in grid),
        max(b.covered_with_new_detail for b in grid),
        base.min_words,
        max(b.covered_incidental for b in grid),
    )
    fill.limits = _fixed(loose)
    _, judged = run_corpus("dev", stories)
    if dump is not None:
        dump.write_text("".join(json.dumps(asdict(j), ensure_ascii=False) + "\n" for j in judged), encoding="utf-8")
    for bounds in grid:
        kept = [j for j in judged if fill.lacking(j.near, list(j.elements), j.sentence, bounds)]
        n = max(1, len(kept))
        shares = {name: round(sum(getattr(j, name) for j in kept) / n, 3) for name in ("lacks", "standalone", "placement")}
        point = {"covered": bounds.covered, "detail": bounds.covered_with_new_detail, "incidental": bounds.covered_incidental}
        print(json.dumps({**point, "additions": len(kept), **shares}), flush=True)


def _fixed(limits: fill.Limits):
    """A stand-in for `fill.limits` that returns `limits` (what --tune tries)."""

    def read(path: Path = fill.DATA) -> fill.Limits:
        return limits

    return read


def saved_rows(path: Path) -> list[dict]:
    """The summary rows a run printed to stderr (one JSON object a line; other lines skipped), so runs of
    different splits made at different times write one section."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            if "corpus" in row and "additions" in row:
                rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--splits", nargs="+", default=["dev", "test"])
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "seeds")
    parser.add_argument("--limit", type=int, default=None, help="first N events of each split (0: all)")
    parser.add_argument(
        "--skip", type=int, default=0, help="leave out the first N events of each split (before --limit): unseen events"
    )
    parser.add_argument("--tune", action="store_true", help="grid over the thresholds on dev; prints, writes nothing")
    parser.add_argument(
        "--labels", type=Path, default=None, help="with --tune: the hand verdicts on dev rows (docs/ADDITIONS.md)"
    )
    parser.add_argument("--sample", type=int, default=0, help="draw this many additions for hand judging")
    parser.add_argument("--sample-from", nargs="+", default=None, help="draw only from these corpora (dev, test, seeds)")
    parser.add_argument("--sample-seed", type=int, default=20241124)
    parser.add_argument("--sample-out", type=Path, default=None)
    parser.add_argument("--write", type=Path, default=None)
    parser.add_argument("--stream", type=Path, default=None, help="append each story's judged additions to this file as made")
    parser.add_argument(
        "--from-rows", nargs="+", type=Path, default=None, help="write the section from the rows earlier runs printed to stderr"
    )
    args = parser.parse_args()
    if args.from_rows:
        rows = [row for path in args.from_rows for row in saved_rows(path)]
        text = section(rows, fill.limits(), args.limit)
        print(text)
        if args.write:
            write_section(args.write, "bench:additions", text, "Additions from other outlets")
        return
    corpora = {split: split_stories(split) for split in args.splits}
    if args.skip:
        corpora = {name: dict(list(s.items())[args.skip :]) for name, s in corpora.items()}
    if args.limit:
        corpora = {name: dict(list(s.items())[: args.limit]) for name, s in corpora.items()}
    if args.tune:
        if set(args.splits) != {"dev"}:
            sys.exit("tune on dev only: --splits dev")
        base = fill.limits()
        grid = [
            fill.Limits(c, round(c + d, 2), base.min_words, i, base.restated_incidental)
            for c in (0.45, 0.5, 0.55, 0.6)
            for d in (0.0, 0.05, 0.1)
            for i in (0.0, 0.3, 0.35, 0.4, 0.45, 0.5)
            if i <= c
        ]
        if args.labels:  # the reader's verdicts only: no fill run
            from additions_labels import score_labels  # this folder, on sys.path when run as a script

            score_labels(args.labels, split_stories("dev"), grid)
            return
        tune(corpora["dev"], grid, args.sample_out)
        return
    if args.seeds.exists():
        corpora["seeds"] = seed_stories(args.seeds)
    rows, everything = [], []
    for name, stories in corpora.items():
        row, judged = run_corpus(name, stories, args.stream)
        rows.append(row)
        everything += judged
        print(json.dumps(row), file=sys.stderr, flush=True)
    if args.sample and args.sample_out:
        pool = [j for j in everything if args.sample_from is None or j.corpus in args.sample_from]
        chosen = random.Random(args.sample_seed).sample(pool, min(args.sample, len(pool)))
        args.sample_out.write_text("".join(json.dumps(asdict(j), ensure_ascii=False) + "\n" for j in chosen), encoding="utf-8")
    text = section(rows, fill.limits(), args.limit)
    print(text)
    if args.write:
        write_section(args.write, "bench:additions", text, "Additions from other outlets")


if __name__ == "__main__":
    main()
