"""Did a change alter any output? Snapshot every report and rendering, then compare.

    python scripts/compare_outputs.py save /tmp/before      # before the change
    python scripts/compare_outputs.py check /tmp/before     # after it: exit 1 on any difference

Inputs: the seeds (../shared/seeds), `unspin/samples` (text, HTML, JSONL), and one generated long
article (benchmarks/large.py's generator, ~0.3 MB, long enough for the detector's block paths), each
at every strength, plus `--thorough` on the samples. `--dev N` adds real articles at the default
options: the first N extraction dev pages as HTML and as text dumps and the first N PTC dev articles
(the samples hold one small HTML page; a speed change to the HTML path needs real pages to be checked). For each report it keeps the original, the text,
the ledger and every rendering (HTML, Markdown, text, JSON) byte for byte; the version string is
left out, so a snapshot survives a version bump. Written for issue 12 item 7, where memory work
must not change one byte of output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.large import generate, prose_paragraphs  # noqa: E402
from unspin.ingest import Article, IngestError  # noqa: E402
from unspin.pipeline import Options, read, run  # noqa: E402
from unspin.render import REGISTRY  # noqa: E402
from unspin.report import Report  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"
SAMPLES = REPO / "unspin" / "samples"
LONG_BYTES = 300_000


def inputs(folder: Path) -> list[Path]:
    """The files to snapshot; the long article is written into `folder` so a check reads the same one."""
    long = folder / "long_article.txt"
    if not long.exists():
        long.write_text(generate(LONG_BYTES, prose_paragraphs()), encoding="utf-8")
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    files += sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})
    return [*files, long]


def dev_articles(count: int) -> list[Article]:
    """The first `count` extraction dev pages as HTML and as text dumps, and the first `count` PTC dev
    articles (dev splits only: this check runs on every change)."""
    from unspin.eval.datasets import load_extraction, load_ptc
    from unspin.eval.dumps import text_dump

    pages = [(page, page.html()) for page in load_extraction("dev")[:count]]
    found = [Article(source=f"extraction/{p.id[:12]}.html", html=h, url=p.url or None) for p, h in pages]
    found += [Article(source=f"extraction/{p.id[:12]}.txt", text=text_dump(h)) for p, h in pages]
    return found + [Article(source=f"ptc/{a.id}.txt", text=a.text) for a in load_ptc("dev")[:count]]


def snapshots(paths: list[Path], dev: Sequence[Article] = ()) -> Iterator[tuple[str, str]]:
    """(name, content) for every report and rendering of every input under every option set, and of
    the `dev` articles at the default options."""
    option_sets = [Options(strength=s, max_bytes=None) for s in ("light", "standard", "strong")]
    option_sets.append(Options(thorough=True, max_bytes=None))
    for options in option_sets:
        tag = f"{options.strength.value}{'-thorough' if options.thorough else ''}"
        for path in paths:
            for k, result in enumerate(run(read([str(path)], options), options)):
                yield from _rendered(f"{tag}/{path.name}#{k}", result)
    for article, result in zip(dev, run(dev, Options())):
        yield from _rendered(f"dev/{article.source}", result)


def _rendered(name: str, result: Report | IngestError) -> Iterator[tuple[str, str]]:
    if isinstance(result, IngestError):
        yield f"{name}.error", str(result)
        return
    report = result.model_copy(update={"version": "-"})
    yield f"{name}.ledger", json.dumps([e.model_dump(mode="json") for e in report.edits], indent=1)
    yield f"{name}.text", report.text
    for fmt, output in REGISTRY.items():
        yield f"{name}.{fmt}", output.render(report)


_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def digest(name: str, content: str) -> str:
    """The content's SHA-256; an HTML page's stylesheet is left out: it is the same for every report,
    and others change it (a snapshot compares what the pipeline made of the article)."""
    if name.endswith(".html"):
        content = _STYLE.sub("<style></style>", content)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def portable(content: str) -> str:
    """`content` with this checkout's path written `<repo>`: a sample's report names its file, and a
    snapshot saved in one checkout (a worktree at the commit before a change) is checked in another."""
    return content.replace(str(REPO), "<repo>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["save", "check"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dev", type=int, default=0, metavar="N", help="add N extraction dev pages (HTML, dumps), N PTC dev")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    index = args.folder / "index.json"
    current = {}
    for name, raw in snapshots(inputs(args.folder), dev_articles(args.dev) if args.dev else ()):
        content = portable(raw)
        current[name] = digest(name, content)
        if args.mode == "save":
            target = args.folder / "files" / name.replace("/", "__")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    if args.mode == "save":
        index.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        print(f"saved {len(current)} outputs to {args.folder}")
        return
    saved = json.loads(index.read_text(encoding="utf-8"))
    changed = sorted(k for k in saved.keys() | current.keys() if saved.get(k) != current.get(k))
    for name in changed:
        print(f"differs: {name} (saved copy: {args.folder / 'files' / name.replace('/', '__')})")
    print(f"{len(current) - len(changed)} of {len(saved.keys() | current.keys())} outputs identical")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
