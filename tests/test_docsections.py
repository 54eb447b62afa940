from pathlib import Path

from unspin.docsections import write_section


def test_sections_are_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "BENCH.md"
    write_section(doc, "a", "first", "Section A")
    write_section(doc, "b", "second", "Section B")
    write_section(doc, "a", "again", "Section A")
    text = doc.read_text()
    assert text.count("## Section A") == 1 and "again" in text and "first" not in text
    assert text.index("Section A") < text.index("Section B")
