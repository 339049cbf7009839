"""Does every character on a page come from a font that really has it?

Two sources, cross-checked:
- Chromium itself (DevTools `CSS.getPlatformFontsForNode`) says which installed fonts it used to
  draw the page. Only families the stylesheet names may appear: a character none of them has
  would be drawn from some other system font, or as an empty box.
- The font files (read with fontTools, found with fontconfig's `fc-list`, as Chromium finds them)
  say which characters they hold. Every character drawn must be in a font Chromium used, and every
  letter must be in the first installed family its element asks for, so that no Vietnamese word is
  drawn half in one font and half in another.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from fontTools.ttLib import TTFont

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Each element's own text (not its children's), with the fonts its style asks for.
OWN_TEXT = """() => [...document.body.querySelectorAll("*")].flatMap((element) => {
  const text = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent).join("");
  if (!text.trim() || !element.getClientRects().length) return [];
  const style = getComputedStyle(element);
  if (style.visibility === "hidden") return [];
  return [[element.tagName.toLowerCase(), text, style.fontFamily, style.fontWeight, style.fontStyle]];
})"""


@dataclass(frozen=True)
class InstalledFont:
    family: str
    postscript: str
    path: str
    index: int


@cache
def installed_fonts() -> tuple[InstalledFont, ...]:
    """Every font fontconfig knows, the way Chromium on Linux finds them."""
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig's fc-list is missing (it comes with Chromium)"
    listing = subprocess.run(  # noqa: S603  (a fixed command: fc-list's own output format)
        [fc_list, "--format", "%{family[0]}\t%{postscriptname}\t%{file}\t%{index}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fonts = []
    for line in listing.splitlines():
        family, postscript, path, index = line.split("\t")
        fonts.append(InstalledFont(family, postscript, path, int(index or 0)))
    return tuple(fonts)


@cache
def characters(path: str, index: int) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def by_postscript(name: str) -> InstalledFont:
    found = [f for f in installed_fonts() if f.postscript == name]
    assert found, f"Chromium used {name}, which fontconfig does not list"
    return found[0]


def face(family: str, weight: str, style: str) -> InstalledFont | None:
    """The installed face of `family` closest to the weight and style, as a browser picks it."""
    faces = [f for f in installed_fonts() if f.family.lower() == family.lower()]
    if not faces:
        return None
    bold = int(weight) >= 600
    italic = style in {"italic", "oblique"}

    def distance(font: InstalledFont) -> int:
        name = font.postscript.lower()
        return (("bold" in name) != bold) * 2 + (("italic" in name or "oblique" in name) != italic)

    return min(faces, key=lambda f: (distance(f), len(f.postscript)))


def families(css: str) -> list[str]:
    return [name.strip().strip("\"'") for name in css.split(",")]


def drawn(text: str) -> set[str]:
    return {ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace()}


def glyph_problems(page: Page) -> list[str]:
    """What on the page is drawn from a font that lacks it, or from a font the CSS did not ask for."""
    problems: list[str] = []
    runs: list[list[str]] = page.evaluate(OWN_TEXT)
    asked: set[str] = set()
    for tag, text, css, weight, style in runs:
        wanted = families(css)
        asked.update(name.lower() for name in wanted)
        primary = next((f for f in (face(n, weight, style) for n in wanted) if f), None)
        if primary is None:
            problems.append(f"<{tag}> asks for {css}: none of them is installed")
            continue
        letters = {ch for ch in drawn(text) if unicodedata.category(ch).startswith("L")}
        missing = sorted(
            ch for ch in letters if ord(ch) not in characters(primary.path, primary.index)
        )
        if missing:
            problems.append(f"<{tag}> {text.strip()[:60]!r}: {primary.postscript} lacks {missing}")

    used = fonts_used(page)
    for font in used:
        if font["familyName"].lower() not in asked:
            problems.append(
                f"Chromium fell back to {font['familyName']} for {font['glyphCount']} glyph(s)"
            )
    covered: set[int] = set()
    for font in used:
        installed = by_postscript(font["postScriptName"])
        covered |= characters(installed.path, installed.index)
    page_text = "".join(text for _, text, *_ in runs)
    missing = sorted(ch for ch in drawn(page_text) if ord(ch) not in covered)
    if missing:
        problems.append(f"no font Chromium used has {missing}")
    return problems


def fonts_used(page: Page) -> list[dict[str, Any]]:
    """The installed fonts Chromium drew the page's text with (each element that has text)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        nodes = [cdp.send("DOM.getDocument", {"depth": -1})["root"]]
        seen: dict[str, dict[str, Any]] = {}
        while nodes:
            node = nodes.pop()
            children = node.get("children", [])
            nodes.extend(children)
            if node["nodeType"] == 1 and any(
                c["nodeType"] == 3 and c["nodeValue"].strip() for c in children
            ):
                # Fonts of the text laid out in this element (inline children included).
                answer = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
                for font in answer["fonts"]:
                    seen[font["postScriptName"]] = font
        return list(seen.values())
    finally:
        cdp.detach()


def assert_every_glyph(page: Page) -> None:
    """Fail when any character of the page is drawn without a glyph of its own font."""
    problems = glyph_problems(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
