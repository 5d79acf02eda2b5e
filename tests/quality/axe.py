"""Running axe-core (Deque, MPL-2.0) in a Playwright page, frames included, on the WCAG A/AA rules.

axe-core comes from the PyPI package ``axe-playwright-python`` (pinned in pyproject.toml's
``test`` extra), which ships ``axe.min.js``: no npm and no download on the test machine. Only
the script file is used; injecting it into every frame ourselves lets axe follow the map
iframes, which the package's own runner does not.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

# RGAA 4.1 is built on WCAG 2.1 AA: these axe tags are its automatable part.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> str:
    package = pytest.importorskip(
        "axe_playwright_python", reason="axe-core manque : make test installe le paquet axe-playwright-python (extra test)")
    path = Path(package.__file__).parent / "axe.min.js"
    return path.read_text(encoding="utf-8")


def load_frames(page) -> None:
    """Bring every iframe into view so that lazily loaded ones (maps) are loaded before axe runs."""
    count = page.locator("iframe").count()
    for i in range(count):
        frame_element = page.locator("iframe").nth(i)
        frame_element.scroll_into_view_if_needed()
        frame = frame_element.element_handle().content_frame()
        if frame is not None:
            frame.wait_for_load_state("load")
    page.evaluate("window.scrollTo(0, 0)")


def run_axe(page, tags: list[str] | None = None) -> list[dict]:
    """The axe violations of the page as loaded now, its iframes included."""
    load_frames(page)
    script = axe_script()
    for frame in page.frames:  # axe must be present in each frame to test it (cross-frame messaging)
        if not frame.is_detached():
            frame.evaluate(script)
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}, "resultTypes": ["violations"],
               "iframes": True, "frameWaitTime": 10_000}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def describe(violations: list[dict], limit: int = 5) -> str:
    """A readable account of axe violations: rule, impact, help, and the first offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}) : {v['help']} — {len(v['nodes'])} élément(s) — {v['helpUrl']}")
        for node in v["nodes"][:limit]:
            target = " > ".join(json.dumps(t, ensure_ascii=False) if not isinstance(t, str) else t for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}\n      {node['html'][:200]}\n      {summary[:300]}")
    return "\n".join(lines)
