"""Articles written to attack the pages: scripts, event handlers, javascript: links, broken markup.

Each payload sets `window.__pwned` if it ever runs, so a browser test can ask
the page whether anything executed.
"""

from __future__ import annotations

import lxml.html

PAYLOADS = [
    '<script>window.__pwned = "script"</script>',
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<a href=\"javascript:window.__pwned='link'\">read more</a>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    '"><script>window.__pwned="attribute"</script>',
    "'><img src=x onerror=window.__pwned='quote'>",
    '</textarea><script>window.__pwned="textarea"</script>',
    '<scr<script>ipt>window.__pwned="broken"</scr</script>ipt>',
    "<iframe src=\"javascript:window.top.__pwned='iframe'\"></iframe>",
    '<!-- <script>window.__pwned="comment"</script> -->',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned="mxss">',
    "<body onload=\"window.__pwned='body'\">",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
    '<style>@import "javascript:window.__pwned=1";</style><base href="javascript:/">',
]
JS_URL = "javascript:window.__pwned='url'"
FOREIGN = {"iframe", "object", "embed", "img", "svg", "math", "base", "frame", "frameset", "applet"}


def hostile_text() -> str:
    """A plain-text article whose lines carry the payloads between real sentences (so there are edits)."""
    lines = ["Council approves bridge " + PAYLOADS[0], ""]
    for number, payload in enumerate(PAYLOADS):
        lines.append(f"The shockingly expensive plan number {number} was slammed by critics {payload} on Tuesday.")
        lines.append("")
    return "\n".join(lines)


def hostile_metadata() -> dict[str, str]:
    return {"title": PAYLOADS[4], "outlet": PAYLOADS[1], "url": JS_URL, "author": PAYLOADS[2], "published": PAYLOADS[0][:90]}


def hostile_html() -> str:
    """An HTML page whose text, once extracted, holds markup as literal characters."""
    escaped = "&lt;script&gt;window.__pwned='entity'&lt;/script&gt; &lt;img src=x onerror=window.__pwned=1&gt;"
    return (
        "<html><head><title>Bridge " + PAYLOADS[0] + "</title><script>window.__pwned='head'</script></head>"
        "<body onload=\"window.__pwned='body'\"><article><h1>Council approves bridge</h1>"
        f"<p>The shockingly expensive plan was slammed by critics on Tuesday, officials said. {escaped}</p>"
        "<p>It will cost 48 million euros <img src=x onerror=\"window.__pwned='img'\">, and critics say "
        "the <a href=\"javascript:window.__pwned='link'\">extremely lavish design</a> is a waste.</p>"
        "<p>The vote was 7 to 4 after a debate that lasted most of the evening and ended after midnight."
        "</p></article></body></html>"
    )


def markup_problems(html: str, *, allowed_scripts: tuple[str, ...] = ("/static/app.js",)) -> list[str]:
    """Everything in a page that article text could have smuggled in; [] when clean."""
    page = lxml.html.document_fromstring(html)
    problems = []
    for script in page.iter("script"):
        if script.get("src") not in allowed_scripts or (script.text or "").strip():
            problems.append(f"script: {lxml.html.tostring(script)[:80]!r}")
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in FOREIGN or (element.tag == "form" and element.get("action") != "/articles"):
            problems.append(f"element: <{element.tag}>")
        if element.tag == "meta" and element.get("http-equiv"):
            problems.append("element: <meta http-equiv>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"attribute: {name} on <{element.tag}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
                and not (element.tag == "link" and value == "data:,")
            ):
                problems.append(f"address: {name}={value[:40]!r}")
    return problems
