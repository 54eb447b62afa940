"""The lexicon files: well formed, provenance documented, no contradictions. No spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin.detect.lexicon
from unspin.detect.lexicon import LexiconError, load_lexicon, read_tsv

CATEGORIES = {
    "intensifier",
    "emotive_adjective",
    "loaded_verb",
    "editorial_adverb",
    "sensational_phrase",
    "loaded_noun",
}
LEXICON_DIR = Path(unspin.detect.lexicon.__file__).resolve().parents[1] / "data" / "lexicons"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_every_entry_is_well_formed(lexicon):
    entries = {id(e): e for forms in lexicon.words.values() for e in forms}.values()
    assert len(entries) > 500
    for entry in entries:
        assert entry.category in CATEGORIES, entry
        assert 0.0 < entry.confidence <= 1.0
        assert entry.source, f"{entry.term} has no source"
    for variants in lexicon.phrases.values():
        for phrase in variants:
            assert phrase.category in CATEGORIES
            assert phrase.role in {"modifier", "head", "auto"}


def test_no_flagged_word_is_also_neutral(lexicon):
    assert not set(lexicon.words) & lexicon.neutral - {""}, "a neutral word would be found by the scan"


@pytest.mark.parametrize("word", ["said", "told", "added", "announced", "says", "stated", "according"])
def test_neutral_reporting_words_are_never_candidates(lexicon, word):
    assert word not in lexicon.words or word in lexicon.neutral


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("claimed", "claim"),
        ("claims", "claim"),
        ("slammed", "slam"),
        ("slamming", "slam"),
        ("regimes", "regime"),
        ("cronies", "crony"),
        ("henchmen", "henchman"),
        ("pounds", "pound"),
        ("lambasted", "lambast"),
    ],
)
def test_inflected_forms_are_indexed(lexicon, form, lemma):
    assert lemma in {entry.term for entry in lexicon.words[form]}


def test_phrase_alternatives_expand_with_aligned_replacements(lexicon):
    by_words = {p.words: p for variants in lexicon.phrases.values() for p in variants}
    assert by_words[("laid", "waste", "to")].replacement == "destroyed"
    assert by_words[("lays", "waste", "to")].replacement == "destroys"
    assert by_words[("tied", "behind", "their", "back")].replacement is None
    assert ("so-called",) in by_words


def test_provenance_names_every_data_file():
    provenance = (LEXICON_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for path in LEXICON_DIR.glob("*.tsv"):
        assert path.name in provenance, f"{path.name} is not documented in PROVENANCE.md"
    for licence in ("MIT", "PDDL"):
        assert licence in provenance


def test_derived_rows_record_their_evidence():
    for name in ("emotive_adjectives.tsv", "editorial_adverbs.tsv"):
        for row in read_tsv(name, LEXICON_DIR):
            assert row["source"].startswith(("hand", "vader", "pattern", "adverb of")), row


def _write_minimal(directory: Path, verbs: str) -> None:
    for name in LEXICON_DIR.iterdir():
        if name.suffix in {".tsv", ".toml"}:
            (directory / name.name).write_text(name.read_text(encoding="utf-8"), encoding="utf-8")
    (directory / "loaded_verbs.tsv").write_text(verbs, encoding="utf-8")


def test_a_bad_confidence_names_file_and_row(tmp_path):
    header = "term\tcategory\tconfidence\treplacement\tframe\tskip_if\tsource\twhy\n"
    _write_minimal(tmp_path, header + "slam\tloaded_verb\t1.7\tcriticize\ttransitive\t\thand\t\n")
    with pytest.raises(LexiconError, match=r"loaded_verbs.tsv row 2: confidence 1.7"):
        load_lexicon(tmp_path)


def test_a_neutral_word_in_a_lexicon_is_refused(tmp_path):
    header = "term\tcategory\tconfidence\treplacement\tframe\tskip_if\tsource\twhy\n"
    _write_minimal(tmp_path, header + "say\tloaded_verb\t0.5\t\tspeech\t\thand\t\n")
    with pytest.raises(LexiconError, match="neutral"):
        load_lexicon(tmp_path)
