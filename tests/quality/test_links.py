"""Links gate: in the built site, every internal link and anchor resolves; external links are listed.

No network: external addresses are only written to a report (``liens-externes.txt`` in the test's
temporary folder, printed when the test fails) for a person to check now and then.
"""
from __future__ import annotations

from tests.quality.links import crawl


def test_every_internal_link_and_anchor_resolves(built_site, tmp_path):
    report = crawl(built_site)
    listing = tmp_path / "liens-externes.txt"
    listing.write_text(report.external_listing() + "\n", encoding="utf-8")
    print(f"{len(report.external)} liens externes listés dans {listing}")
    assert report.checked > 1000, "le robot doit avoir parcouru tout le site"
    assert report.broken == [], (
        f"{len(report.broken)} lien(s) cassé(s) :\n" + "\n".join(report.broken[:60])
        + f"\n\nLiens externes (non vérifiés, sans réseau) : {listing}\n{report.external_listing()[:3000]}")


def test_crawler_sees_a_broken_link_and_anchor(tmp_path):
    """The crawler itself: a missing page, a missing anchor and a javascript: link are all caught."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#bon">ok</a><a href="b/">page absente</a><a href="a/#absente">ancre absente</a>'
        '<a href="javascript:alert(1)">js</a><a href="https://exemple.fr/">externe</a><img src="x.png" alt="">'
        '<script>var p = "<a href=\\"a/\\">ok</a><a href=\\"c/\\">absente</a>";</script>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="bon">Bon</h2><a href="../#">haut</a>', encoding="utf-8")
    report = crawl(site)
    assert sorted(report.broken) == sorted([
        "index.html: <a href> « b/ » : aucun fichier du site à cette adresse",
        "index.html: <a href> « a/#absente » : aucune ancre id=« absente » dans a/index.html",
        "index.html: <a href> « javascript:alert(1) » : schéma d'adresse interdit",
        "index.html: <img src> « x.png » : aucun fichier du site à cette adresse",
        "index.html: <script> href « c/ » : aucun fichier du site à cette adresse",
    ])
    assert set(report.external) == {"https://exemple.fr/"}
