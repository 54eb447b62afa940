"""The page being cleaned: its lines, their features and the verdicts so far.

Rules run one after another over the same `Page`; each may label lines as
furniture. A line keeps the first label it gets unless a later rule knows
better (`override=True`, e.g. the author-bio rule claiming a photo slot).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unspin.clean.features import LineFeatures, measure, prose_floor, repeat_counts
from unspin.clean.lines import Line, split_lines

# What a reader is told about each kind of removed line.
REASONS: dict[str, str] = {
    "navigation": "Site navigation or page chrome, not article text.",
    "page_label": "A page label or status tag (e.g. 'Updated'), not article text.",
    "teaser_block": "Links to other stories, not part of this article.",
    "related_stories": "A heading over other stories: the article has ended.",
    "caption": "A photo caption or credit, not article text.",
    "duplicate_caption": "A caption printed twice by the page layout, not article text.",
    "duplicate_text": "A second copy of the line above.",
    "share_bar": "Share buttons, not article text.",
    "media_player": "Media-player residue, not article text.",
    "promotion": "Advertising or a subscription prompt, not article text.",
    "legal_notice": "The site's legal or reader notice, not article text.",
    "layout_control": "Layout controls (text size, theme), not article text.",
    "author_bio": "Author biography box, not article text.",
    "site_legend": "The site's own legend explaining its markup, not article text.",
    "byline": "Byline or time stamp; metadata, not article text.",
    "comments": "Reader comments section, not article text.",
    "page_header": "Page text before the article's headline (menus, banners).",
    "page_footer": "Page text after the article's last paragraph (footers, other stories).",
}


@dataclass(frozen=True)
class Verdict:
    """Why a line is furniture, how sure we are, and under which category."""

    category: str
    confidence: float
    reason: str = ""

    def explained(self) -> str:
        return self.reason or REASONS.get(self.category, "Web furniture, not article text.")


@dataclass
class Page:
    """Lines, features and labels of one dump."""

    text: str
    lines: list[Line]
    feats: list[LineFeatures]
    labels: dict[int, Verdict] = field(default_factory=dict)
    protected: set[int] = field(default_factory=set)  # the headline, once found
    suspects: dict[int, Verdict] = field(default_factory=dict)  # weak evidence, settled by position
    prose_floor: float = 0.0  # function-word share that reads as prose here

    @classmethod
    def read(cls, text: str) -> Page:
        lines = split_lines(text)
        repeats = repeat_counts(lines)
        feats = [measure(line, repeats) for line in lines]
        return cls(text, lines, feats, prose_floor=prose_floor(feats))

    def __len__(self) -> int:
        return len(self.lines)

    def label(self, index: int, verdict: Verdict, *, override: bool = False) -> None:
        if index in self.protected:
            return
        if override or index not in self.labels:
            self.labels[index] = verdict

    def is_free(self, index: int) -> bool:
        """Not yet labelled and not protected."""
        return index not in self.labels and index not in self.protected
