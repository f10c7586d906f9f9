"""The endpoint's query page, as a person sees it in headless Chromium: offline, working, and inert to hostile data."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import start_server

HOSTILE = ('SELECT ?x ?y ?z WHERE { BIND("<img src=x onerror=window.__pwned=1>" AS ?x) '
           'BIND("</script><script>window.__pwned=2</script>" AS ?y) BIND(IRI("javascript:window.__pwned=3") AS ?z) }')


@pytest.fixture(scope="module")
def server(dataset_file):
    proc, base = start_server(["--dataset", str(dataset_file)])
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.requests, page.problems = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(server)
    page.wait_for_selector("#examples li, #examples button, #examples [role=option]", timeout=15000)
    yield page
    context.close()


def _own_host_only(page, server):
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(server).netloc}, hosts


def test_page_runs_a_named_query_offline(page, server, kg, artifacts):
    from influencegraph.sparql.library import library
    first = next(iter(library()))
    page.get_by_text(first, exact=True).first.click()
    assert "SELECT" in page.input_value("#editor")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=15000)
    expected = len(kg.query(library()[first], raw=True))
    assert page.locator("#results table tbody tr").count() == expected
    page.screenshot(path=str(artifacts / "query-page.png"))
    _own_host_only(page, server)
    assert page.problems == []


def test_hostile_values_are_shown_as_text(page, server):
    page.fill("#editor", HOSTILE)
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=15000)
    cells = page.locator("#results table tbody td").all_inner_texts()
    assert any("<img src=x onerror=window.__pwned=1>" in c for c in cells)
    assert any("</script><script>window.__pwned=2</script>" in c for c in cells)
    page.locator("#results table tbody td", has_text="javascript:").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#results img").count() == 0
    assert page.problems == []
    _own_host_only(page, server)


def test_errors_are_shown_with_status_and_position(page):
    page.fill("#editor", "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])", timeout=15000)
    text = page.inner_text("#error")
    assert "400" in text and "line 3" in text
