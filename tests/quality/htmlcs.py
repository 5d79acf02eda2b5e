"""Running HTML_CodeSniffer (Squiz, BSD-3-Clause) in a Playwright page and in each of its frames.

A second accessibility engine beside axe-core: its WCAG2AA sniffs catch things axe does not
(forms without a submit button, controls named by nothing…). HTML_CodeSniffer comes from the npm
package ``html_codesniffer`` pinned in package.json / package-lock.json, installed by ``make test``
(``npm ci`` into node_modules/, ignored by git). It does not enter iframes: it is injected into
every frame of the page and run in each (the map documents cartes/*.html are iframes).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.quality.axe import load_frames

HTMLCS_JS = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"

# Errors only (type 1): warnings and notices are "check by hand" prompts, not failures.
RUN = """standard => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("HTML_CodeSniffer n'a pas répondu")), 30000);
  HTMLCS.process(standard, document, () => {
    clearTimeout(timer);
    resolve(HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => {
      const e = m.element;
      let html = e && e.outerHTML ? e.outerHTML : String(e && e.nodeName);
      return {code: m.code, msg: m.msg, html: html.replace(/\\s+/g, " ").slice(0, 220)};
    }));
  }, () => { clearTimeout(timer); reject(new Error("HTML_CodeSniffer a échoué")); }, "en");
})"""


def htmlcs_script() -> str:
    if not HTMLCS_JS.exists():
        pytest.fail(f"HTML_CodeSniffer manque ({HTMLCS_JS.relative_to(ROOT)}) : make test l'installe (npm ci)")
    return HTMLCS_JS.read_text(encoding="utf-8")


def run_htmlcs(page, standard: str = "WCAG2AA") -> list[dict]:
    """The HTML_CodeSniffer errors of the page and of each of its frames (each with its frame's URL)."""
    load_frames(page)
    script = htmlcs_script()
    errors = []
    for frame in page.frames:
        if frame.is_detached() or frame.url in ("", "about:blank"):
            continue
        frame.evaluate(script)
        for error in frame.evaluate(RUN, standard):
            errors.append({**error, "frame": frame.url})
    return errors


def describe(errors: list[dict], base_url: str = "") -> str:
    lines = []
    for e in errors:
        lines.append(f"- {e['code']}\n    {e['frame'].removeprefix(base_url)} : {e['msg']}\n    {e['html']}")
    return "\n".join(lines)
