"""Rebuild the subjectivity and polarity families of the Recasens-style baseline.

Not used at run time: it documents, as code, how four files in
unspin/data/baselines/recasens/ were made, so they can be re-derived and the
diff reviewed. Recasens et al. (2013) used the Riloff & Wiebe (2003)
subjectivity clues and the Liu et al. (2005) polarity lists; those are GPL or
carry no licence, so we take the same two kinds of evidence from permissively
licensed lexicons instead:

- subjectivity: Pattern's en-sentiment.xml (De Smedt & Daelemans 2012, PDDL),
  as shipped in TextBlob (MIT). A word is a *strong* subjective clue when its
  most subjective sense scores >= 0.8, *weak* when that score is in [0.5, 0.8).
- polarity: the VADER lexicon (Hutto & Gilbert 2014, MIT). A word is *positive*
  when its mean valence is >= +1.0 on VADER's -4..4 scale, *negative* when <= -1.0.

    pip download --no-deps -d /tmp/lex textblob==0.20.1 vaderSentiment==3.3.2
    .venv/bin/python scripts/derive_baseline_lexicons.py /tmp/lex/textblob-0.20.1-py3-none-any.whl \\
        /tmp/lex/vaderSentiment-3.3.2-py2.py3-none-any.whl          # or: make lexicons
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "unspin" / "data" / "baselines" / "recasens"
WORD = re.compile(r"^[a-z]+(?:[-'][a-z]+)*$")
STRONG, WEAK = 0.8, 0.5
VALENCE = 1.0


def pattern_subjectivity(wheel: Path) -> dict[str, float]:
    with zipfile.ZipFile(wheel) as archive:
        root = ET.fromstring(archive.read("textblob/en/en-sentiment.xml"))
    best: dict[str, float] = {}
    for word in root.iter("word"):
        form = word.get("form", "").lower()
        if WORD.match(form):
            best[form] = max(best.get(form, 0.0), float(word.get("subjectivity", 0)))
    return best


def vader_valence(wheel: Path) -> dict[str, float]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("vaderSentiment/vader_lexicon.txt").decode("utf-8")
    valence = {}
    for line in text.splitlines():
        token, mean, *_ = line.split("\t")
        if WORD.match(token):
            valence[token] = float(mean)
    return valence


def write(name: str, header: str, words: list[str]) -> None:
    (OUT / f"{name}.txt").write_text(f"# {header}\n" + "\n".join(sorted(words)) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("textblob_wheel", type=Path)
    parser.add_argument("vader_wheel", type=Path)
    args = parser.parse_args()
    subjectivity = pattern_subjectivity(args.textblob_wheel)
    source = "Pattern en-sentiment.xml (De Smedt & Daelemans 2012, PDDL) via textblob==0.20.1 (MIT)"
    write(
        "strong_subjectives",
        f"Strong subjective clues: max sense subjectivity >= {STRONG}. {source}",
        [w for w, s in subjectivity.items() if s >= STRONG],
    )
    write(
        "weak_subjectives",
        f"Weak subjective clues: max sense subjectivity in [{WEAK}, {STRONG}). {source}",
        [w for w, s in subjectivity.items() if WEAK <= s < STRONG],
    )
    valence = vader_valence(args.vader_wheel)
    source = "VADER lexicon (Hutto & Gilbert 2014, MIT) via vaderSentiment==3.3.2"
    write(
        "positive_words", f"Positive words: mean valence >= +{VALENCE}. {source}", [w for w, v in valence.items() if v >= VALENCE]
    )
    write(
        "negative_words",
        f"Negative words: mean valence <= -{VALENCE}. {source}",
        [w for w, v in valence.items() if v <= -VALENCE],
    )


if __name__ == "__main__":
    main()
