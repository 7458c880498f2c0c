"""The HTML graph export in headless Chromium: it draws nodes, a click shows the evidence, hostile
report text stays text, and the page makes no network request.

Needs the Debian packages ``chromium`` and ``chromium-driver`` and the ``selenium`` package.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: install the Debian packages chromium and chromium-driver",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only once Chromium is known to be there)
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from minerva.cli import app  # noqa: E402
from tests.kb_archive import HOSTILE_PROBLEM, build_kb  # noqa: E402

CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--window-size=1400,900")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("html")
    _, db = build_kb(root)
    out = root / "graph.html"
    result = CliRunner().invoke(app, ["export", "--format", "html", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def browser(tmp_path: Path):
    assert CHROMEDRIVER.exists(), f"{CHROMEDRIVER} is missing: install the Debian package chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver, page: Path) -> str:
    """Load the page after a blank one, with the logs of browser start-up (its new-tab page) drained."""
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    url = page.resolve().as_uri()
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    return url


def graph_data(driver) -> dict:
    return json.loads(driver.find_element(By.ID, "graph-data").get_attribute("textContent"))


def click_node(driver, node_id: str) -> None:
    node = driver.find_element(By.CSS_SELECTOR, f'#graph g.node[data-id="{node_id}"] circle')
    node.click()


def panel_title(driver) -> str:
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "panel-title"))
    return driver.find_element(By.ID, "panel-title").text


def test_page_draws_nodes_and_shows_evidence_on_click(browser, page: Path) -> None:
    open_page(browser, page)
    data = graph_data(browser)
    drawn = browser.find_elements(By.CSS_SELECTOR, "#graph g.node")
    assert len(drawn) == len(data["nodes"]) > 0
    assert browser.find_elements(By.CSS_SELECTOR, "#graph line.edge")
    assert browser.find_element(By.ID, "panel-body").text == ""

    # a measure reported in several reports: its label, other wordings, effect counts and reports
    measure = max((n for n in data["nodes"] if n["kind"] == "measure"),
                  key=lambda n: (n["support_reports"], len(n["texts"])))
    click_node(browser, measure["id"])
    assert panel_title(browser) == measure["label"]
    panel = browser.find_element(By.ID, "panel-body").text
    assert f"有效 effective {measure['effective']}" in panel
    assert f"无效 ineffective {measure['ineffective']}" in panel
    for wording in measure["texts"]:
        assert wording in panel
    reports = {n["id"].split(":")[1]: n for n in data["nodes"] if n["kind"] == "report"}
    for report_id in measure["reports"]:
        report = reports[str(report_id)]
        assert report["label"] in panel and (report["org"] or "—") in panel and (report["date"] or "—") in panel
        assert all(f in panel for f in report["files"])
    assert "selected" in browser.find_element(
        By.CSS_SELECTOR, f'#graph g.node[data-id="{measure["id"]}"]').get_attribute("class")

    # a linked node in the panel opens that node's evidence
    link = browser.find_elements(By.CSS_SELECTOR, "#panel-body .link")[-1]
    target = link.text
    link.click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "panel-title").text == target)


def test_hostile_report_text_stays_text(browser, page: Path) -> None:
    open_page(browser, page)
    data = graph_data(browser)
    [node] = [n for n in data["nodes"] if n["kind"] == "problem" and HOSTILE_PROBLEM in n["texts"]]
    click_node(browser, node["id"])
    assert panel_title(browser) == node["label"]
    panel = browser.find_element(By.ID, "panel")
    assert HOSTILE_PROBLEM in panel.text
    assert not panel.find_elements(By.CSS_SELECTOR, "script, img")
    assert not browser.find_elements(By.CSS_SELECTOR, "body img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return document.querySelectorAll('script').length") == 2


def test_search_marks_matching_nodes(browser, page: Path) -> None:
    open_page(browser, page)
    box = browser.find_element(By.ID, "search")
    box.send_keys("外壳划伤")
    marked = {g.get_attribute("data-id") for g in browser.find_elements(By.CSS_SELECTOR, "#graph g.node.match")}
    expected = {n["id"] for n in graph_data(browser)["nodes"]
                if any("外壳划伤" in t for t in [n["label"], *n.get("texts", [])])}
    assert marked == expected and marked


def test_no_request_leaves_the_page(browser, page: Path) -> None:
    url = open_page(browser, page)
    data = graph_data(browser)
    for node in [n for n in data["nodes"] if n["kind"] in ("problem", "report")][:3]:
        click_node(browser, node["id"])
        panel_title(browser)
    requests = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert url in requests
    outside = [u for u in requests if u != url and not u.startswith(("data:", "about:"))]
    assert outside == []
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
