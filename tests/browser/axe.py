"""axe-core (npm, pinned in package.json) injected into a Playwright page: WCAG 2.0/2.1 A and AA rules, plus the 24 px
target size (WCAG 2.2, 2.5.8) issue 18 asks for."""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
RUN = """tags => axe.run(document, {
  runOnly: {type: "tag", values: tags}, rules: {"target-size": {enabled: true}}, resultTypes: ["violations"],
})"""
# Primary actions (buttons, the header's links) are at least 44 px high; smaller buttons say so with button--small.
SMALL_PRIMARY = """() => [...document.querySelectorAll(".button:not(.button--small), .nav__list a, .nav__list button")]
  .filter(el => el.getClientRects().length && el.getBoundingClientRect().height < 44)
  .map(el => `${el.tagName.toLowerCase()} "${el.textContent.trim()}": ${el.getBoundingClientRect().height} px`)"""


def violations(page):
    """axe's serious and critical findings on the page as it is now, and primary actions under 44 px."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = [v for v in page.evaluate(RUN, TAGS)["violations"] if v["impact"] in BLOCKING]
    small = page.evaluate(SMALL_PRIMARY)
    if small:
        nodes = [{"target": [text], "failureSummary": ""} for text in small]
        help_ = "primary action under 44 px"
        found.append({"id": "primary-target-44px", "impact": "serious", "help": help_, "nodes": nodes})
    return found


def describe(found):
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {', '.join(node['target'])}: {node.get('failureSummary', '')[:160]!r}" for node in v["nodes"]]
    return "\n".join(lines)


def assert_accessible(page, where=""):
    """Fail listing every serious or critical violation (rule id, help, target nodes)."""
    found = violations(page)
    assert not found, f"{where or page.url}: axe found\n{describe(found)}"
