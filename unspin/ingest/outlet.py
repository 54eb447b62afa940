"""Which outlet published an article, from what the article says about itself; never from a file name.

The evidence, strongest first:
1. metadata: an `outlet` (or a feed's `site_name`) that came with the article;
2. the page's own site name (`og:site_name`, JSON-LD publisher: trafilatura's `sitename`);
3. the URL's host, looked up in `unspin/data/outlets/outlets.tsv` (known outlets and their domains);
4. a publication credited in a dateline ("LONDON (Reuters) -") or a byline ("By Jane Roe, Associated
   Press"), when it is a known outlet;
5. the page's web furniture ("Read more from Sky News:", "… is the Europe editor for RFE/RL"). Only
   furniture is read for this: an article's body names other outlets all the time.

With none of these, the outlet is unknown: callers show `UNKNOWN` with the source's name in small
print (`source_name`), never a file stem or a hash as if it were an outlet.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).parents[1] / "data" / "outlets" / "outlets.tsv"
UNKNOWN = "unknown outlet"

_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)
_DATELINE = re.compile(r"^[ \t]*(?:[A-Z][\w .,'’/-]{0,60}?\s*)?\((?P<name>[^()\n]{2,40})\)\s*(?:--?|—|–)\s", re.M)
_BYLINE = re.compile(r"^[ \t]*By[ \t]+(?P<credit>[^\n]{2,160})$", re.M | re.I)
_CREDIT_SPLIT = re.compile(r"\s*(?:,|\||—|–|\bfor\b|\bof\b)\s*")
_WORD = r"[A-Z][\w&/'’\-]*(?:\.[A-Za-z][\w&/'’\-]*)*"  # "Sky", "RFE/RL", "Yahoo.com"; not "Courier."
_NAME = rf"(?:the\s+)?(?P<name>(?:The\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})"  # "a reporter at the Meridian Daily"
_FURNITURE_CUES = [
    re.compile(rf"^\s*(?:Read|More|Watch|Listen)\s+(?:more\s+)?(?:from|on)\s+{_NAME}\s*:?\s*$", re.M),
    re.compile(
        rf"\b(?:editor|correspondent|reporter|writer|columnist|journalist|producer)\s+(?:for|at|with)\s+{_NAME}(?=\s+(?:in|based|covering|and|who)\b|[.,;]|\s*$)",
        re.M,
    ),
    re.compile(rf"(?:©|\((?i:c)\)|(?i:copyright))\s*(?:\d{{4}}\s*)?{_NAME}", re.M),
    re.compile(rf"^\s*(?:Follow|Subscribe to)\s+{_NAME}\s+on\b", re.M),
]
_NOT_OUTLETS = frozenset({"us", "the", "our", "this", "here", "all", "more", "news", "today"})


@dataclass(frozen=True)
class Identified:
    """An outlet's name and what named it: metadata, site name, web address, dateline, byline, page furniture."""

    name: str
    basis: str


@dataclass(frozen=True)
class KnownOutlets:
    domains: dict[str, str]  # registered domain -> outlet name
    names: dict[str, str]  # a name or alias as printed -> outlet name
    folded: dict[str, str]  # casefolded names (aliases of four letters or more) -> outlet name


@cache
def known_outlets(path: Path = DATA) -> KnownOutlets:
    """The outlets data file, read once."""
    domains: dict[str, str] = {}
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for row in rows:
            name = row["outlet"].strip()
            domains[row["domain"].strip().lower()] = name
            for alias in [name, *(a.strip() for a in (row.get("aliases") or "").split(","))]:
                if alias:
                    names.setdefault(alias, name)
    folded = {alias.casefold(): name for alias, name in names.items() if len(alias) >= 4}
    return KnownOutlets(domains, names, folded)


def known_name(text: str) -> str | None:
    """The outlet `text` names, when it is a known outlet's name or alias ("AP" -> "Associated Press")."""
    text = " ".join(text.split()).strip(" .:;")
    known = known_outlets()
    return known.names.get(text) or known.folded.get(text.casefold())


def outlet_from_host(url_or_host: str | None) -> str | None:
    """The known outlet behind a web address: the host, then each parent domain ("edition.cnn.com" -> CNN)."""
    if not url_or_host:
        return None
    text = url_or_host.strip()
    host = (urlsplit(text if "//" in text else f"//{text}").hostname or "").lower().rstrip(".")
    domains = known_outlets().domains
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if (name := domains.get(".".join(labels[i:]))) is not None:
            return name
    return None


def outlet_from_site_name(site_name: str | None) -> str | None:
    """A page's declared site name; a bare domain ("bbc.co.uk", trafilatura's fallback) only when known."""
    name = " ".join((site_name or "").split())
    if not name:
        return None
    if _DOMAIN.match(name):
        return outlet_from_host(name) or (name if any(c.isupper() for c in name) else None)  # "Yahoo.com" is a name
    return known_name(name) or name


def outlet_from_credit(text: str, author: str | None = None) -> Identified | None:
    """A known outlet credited in a dateline ("LONDON (Reuters) -") or a byline ("By Jane Roe, AP")."""
    for match in _DATELINE.finditer(text):
        if (name := known_name(match.group("name"))) is not None:
            return Identified(name, "dateline")
    bylines = [f"By {author}"] if author else []
    bylines += [m.group(0) for m in _BYLINE.finditer(text)]
    for line in bylines:
        credit = _BYLINE.match(line.strip())
        for part in _CREDIT_SPLIT.split(credit.group("credit") if credit else ""):
            if part and (name := known_name(part)) is not None:
                return Identified(name, "byline")
    return None


def outlet_from_furniture(furniture: str) -> str | None:
    """The name the page's removed web furniture gives most often, if any."""
    votes: Counter[str] = Counter()
    for cue in _FURNITURE_CUES:
        for match in cue.finditer(furniture):
            name = match.group("name").strip(" .,:;")
            if name.casefold() not in _NOT_OUTLETS and len(name) > 1:
                votes[known_name(name) or name] += 1
    return votes.most_common(1)[0][0] if votes else None


def identify_outlet(
    *,
    outlet: str | None = None,
    site_name: str | None = None,
    url: str | None = None,
    author: str | None = None,
    text: str = "",
    furniture: str = "",
) -> Identified | None:
    """The article's outlet and what named it, from the strongest evidence there is; None when unknown.

    `text` is the article as read (a dump with its furniture, or the text extracted from a page),
    `furniture` the web furniture cleaning removed from it.
    """
    if name := " ".join((outlet or "").split()):
        return Identified(known_name(name) or name, "metadata")
    if name := outlet_from_site_name(site_name):
        return Identified(name, "site name")
    if name := outlet_from_host(url):
        return Identified(name, "web address")
    if found := outlet_from_credit(text, author):
        return found
    if name := outlet_from_furniture(furniture):
        return Identified(name, "page furniture")
    return None


def source_name(source: str, url: str | None = None) -> str:
    """What to print small beside "unknown outlet": the address's host, else the input's file name."""
    host = urlsplit(url).hostname if url and "//" in url else None
    if host:
        return host
    name, _, line = source.rpartition(":") if re.search(r":\d+$", source) else (source, "", "")
    base = Path(name).name or name or source
    return f"{base}:{line}" if line else base
