"""Load the detector's data: word lists (TSV), phrase lists, irregular forms, settings.

Everything the detector knows about words lives in `unspin/data/lexicons/`
(see PROVENANCE.md there). This module only reads those files into lookup
tables: a surface-form index for single words and a first-word index for
phrases, so the candidate scan is one dict lookup per word of the article.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from unspin.detect.inflect import Forms, Inflector
from unspin.detect.span import Role

PACKAGE = "unspin.data.lexicons"
SETTINGS_FILE = "detect.toml"
WORD_COLUMNS = ("term", "category", "confidence", "replacement", "frame", "skip_if", "source", "why")
PHRASE_COLUMNS = ("pattern", "category", "confidence", "role", "replacement", "source", "why")
_GROUP = re.compile(r"\{([^{}]*)\}")


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and row."""


@dataclass(frozen=True)
class Condition:
    """A context in which an entry must not be flagged, e.g. `next=into|shut` or `passive`."""

    kind: str  # next, prev, passive, object
    words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Entry:
    """One single-word lexicon row."""

    term: str  # lemma
    category: str
    confidence: float
    replacement: str | None  # neutral lemma for a HEAD use, inflected at run time
    frame: str  # verbs: speech | transitive | intransitive; empty otherwise
    skip_if: tuple[Condition, ...]
    source: str
    why: str
    lexicon: str  # file stem, used in the `by` id
    pos: str  # what the word must be in context: intensifier, adj, adv, verb, noun


@dataclass(frozen=True)
class Phrase:
    """One concrete variant of a phrase row ("laid waste to" of "{lay|lays|laid|laying} waste to")."""

    words: tuple[str, ...]  # lower-case word tokens
    category: str
    confidence: float
    role: str  # modifier | head | auto (decided in context like an adjective)
    replacement: str | None
    source: str
    why: str
    lexicon: str


@dataclass
class Lexicon:
    """All lookup tables the detector needs, built once per process."""

    words: dict[str, list[Entry]] = field(default_factory=dict)  # surface form -> entries
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # first word -> variants
    protected: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # neutral phrases by first word
    neutral: frozenset[str] = frozenset()  # words never flagged
    inflector: Inflector = field(default_factory=Inflector)
    settings: dict = field(default_factory=dict)

    @property
    def version(self) -> int:
        return int(self.settings.get("version", 1))


def _read_text(name: str, directory: Path | None) -> str:
    if directory is not None:
        return (directory / name).read_text(encoding="utf-8")
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def read_tsv(name: str, directory: Path | None = None) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line; lines starting with '#' are comments."""
    text = _read_text(name, directory)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{key: (value or "").strip() for key, value in row.items() if key is not None} for row in reader]


def _parse_conditions(text: str, where: str) -> tuple[Condition, ...]:
    conditions = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        kind, _, words = part.partition("=")
        if kind not in {"next", "prev", "passive", "object", "after_noun"}:
            raise LexiconError(f"{where}: unknown skip_if condition {part!r}")
        conditions.append(Condition(kind, frozenset(w.lower() for w in words.split("|") if w)))
    return tuple(conditions)


def _confidence(value: str, where: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise LexiconError(f"{where}: confidence {value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise LexiconError(f"{where}: confidence {number} is outside [0, 1]")
    return number


def _expand(pattern: str) -> list[tuple[str, int]]:
    """All variants of a pattern with {a|b} groups, with the index chosen in the first group."""
    groups = [g.split("|") for g in _GROUP.findall(pattern)]
    template = _GROUP.sub("{}", pattern)
    variants = []
    for choice in itertools.product(*[range(len(g)) for g in groups]) if groups else [()]:
        words = [groups[i][c] for i, c in enumerate(choice)]
        variants.append((template.format(*words), choice[0] if choice else 0))
    return variants


def _phrase_rows(name: str, stem: str, directory: Path | None) -> list[Phrase]:
    phrases = []
    for number, row in enumerate(read_tsv(name, directory), start=2):
        where = f"{name} row {number}"
        replacement_options = _GROUP.findall(row["replacement"])
        choices = replacement_options[0].split("|") if replacement_options else None
        for text, index in _expand(row["pattern"]):
            if choices is not None:
                if index >= len(choices):
                    raise LexiconError(f"{where}: replacement has fewer options than the pattern")
                replacement = _GROUP.sub(choices[index], row["replacement"], count=1)
            else:
                replacement = row["replacement"] or None
            phrases.append(
                Phrase(
                    words=tuple(text.lower().split()),
                    category=row["category"],
                    confidence=_confidence(row["confidence"], where),
                    role=_role(row["role"], where),
                    replacement=replacement,
                    source=row["source"],
                    why=row["why"],
                    lexicon=stem,
                )
            )
    return phrases


def _role(value: str, where: str) -> str:
    if value not in {Role.MODIFIER.value, Role.HEAD.value, "auto"}:
        raise LexiconError(f"{where}: role must be modifier, head or auto, not {value!r}")
    return value


def _irregular(directory: Path | None) -> dict[str, Forms]:
    forms = {}
    for row in read_tsv("irregular_forms.tsv", directory):
        forms[row["lemma"]] = Forms(
            base=row["lemma"],
            third=row["third"],
            past=row["past"],
            participle=row["participle"],
            gerund=row["gerund"],
            plural=row["plural"] or row["third"],
        )
    return forms


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read every file named in detect.toml. `directory` overrides the packaged data (for tests)."""
    settings = tomllib.loads(_read_text(SETTINGS_FILE, directory))
    lexicon = Lexicon(settings=settings, inflector=Inflector(_irregular(directory)))
    neutral_words, protected = set(), {}
    for row in read_tsv(settings["neutral_file"], directory):
        words = tuple(row["term"].lower().split())
        if len(words) == 1:
            neutral_words.add(words[0])
        else:
            protected.setdefault(words[0], []).append(words)
    lexicon.neutral = frozenset(neutral_words)
    lexicon.protected = protected
    for stem, pos in settings["word_lexicons"].items():
        name = f"{stem}.tsv"
        for number, row in enumerate(read_tsv(name, directory), start=2):
            where = f"{name} row {number}"
            missing = [c for c in WORD_COLUMNS if c not in row]
            if missing:
                raise LexiconError(f"{where}: missing columns {missing}")
            term = row["term"].lower()
            if term in lexicon.neutral:
                raise LexiconError(f"{where}: {term!r} is also listed as neutral in {settings['neutral_file']}")
            entry = Entry(
                term=term,
                category=row["category"],
                confidence=_confidence(row["confidence"], where),
                replacement=row["replacement"] or None,
                frame=row["frame"],
                skip_if=_parse_conditions(row["skip_if"], where),
                source=row["source"],
                why=row["why"],
                lexicon=stem,
                pos=pos,
            )
            inflect_as = pos if pos in ("verb", "noun") else "other"
            for form in lexicon.inflector.surface_forms(term, inflect_as):
                lexicon.words.setdefault(form, []).append(entry)
    for stem in settings["phrase_lexicons"]:
        for phrase in _phrase_rows(f"{stem}.tsv", stem, directory):
            lexicon.phrases.setdefault(phrase.words[0], []).append(phrase)
    for variants in lexicon.phrases.values():
        variants.sort(key=lambda p: -len(p.words))  # longest match first
    lexicon.neutral = lexicon.neutral | _neutral_forms(lexicon)
    return lexicon


def _neutral_forms(lexicon: Lexicon) -> frozenset[str]:
    """Inflected forms of the neutral words ("criticized" for "criticize"), so the model alone cannot
    flag them either; a form some loaded row also has ("slows"?) stays the loaded row's."""
    forms = set()
    for word in lexicon.neutral:
        forms |= lexicon.inflector.surface_forms(word, "verb") | lexicon.inflector.surface_forms(word, "noun")
    return frozenset(form for form in forms if form not in lexicon.words)
