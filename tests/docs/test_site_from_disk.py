"""The built site works opened from disk (site/index.html in a browser, no web server)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

ADDRESS = re.compile(r'\b(?:href|src)="([^"]*)"')


def test_the_404_page_links_resolve_from_disk(site: Path) -> None:
    page = (site / "404.html").read_text()
    addresses = ADDRESS.findall(page)
    local = [a for a in addresses if not urlsplit(a).scheme and not a.startswith(("#", "//"))]
    assert "" not in local
    assert local, "the page links to the site"
    assert [a for a in local if a.startswith("/")] == [], "root-relative: file:///... on disk"
    missing = [a for a in local if not (site / urlsplit(a).path).exists()]
    assert missing == []
    # Served, a base at the root keeps them right at any depth; from disk there is none.
    assert 'location.protocol !== "file:"' in page
    assert "document.write(\"<base href='/'>\")" in page
