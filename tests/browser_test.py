#!/usr/bin/env python3
"""The search page and the widget in a real browser: headless Chromium driven over the
DevTools protocol (--remote-debugging-pipe, so no extra packages), against polsearch-serve on
127.0.0.1 over the sample corpus.

On the page: types a Russian query, checks the hits on that topic, clicks a facet, checks the
page (filter, counts, chart, export links, address, interface language) and saves a
screenshot. Then the lang attributes of titles and snippets, a facet's "show all", the sort
order, and the record page a title leads to. Then the widget embedded in a page of another
origin, as a portal includes it (one script tag, one element), which needs CORS: its interface
language from data-lang, from the browser's languages, and from the query's.

Usage: browser_test.py BINARY_DIR SOURCE_DIR SCREENSHOT_DIR
Exit status 0 passed, 1 failed, 77 Chromium is missing (scripts/test installs it).
"""
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BINARY_DIR, SOURCE_DIR, SCREENSHOT_DIR = sys.argv[1:4]
SEED = "enu-bulletin-2025-150-1-145"
QUERY = "мягкая сила"


def fail(message):
    print("browser test FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message)


class Browser:
    """Chromium with the DevTools protocol on a pipe: JSON messages ended by NUL, written to
    its fd 3 and read from its fd 4."""

    def __init__(self, profile):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            print("skipped: chromium is not installed (scripts/test installs it)", file=sys.stderr)
            sys.exit(77)
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # Chromium reads commands on its fd 3 and writes answers on its fd 4: a shell puts the
        # pipes there, whatever numbers they have here.
        arguments = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--no-default-browser-check", "--remote-debugging-pipe",
                     "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US", "about:blank"]
        self.process = subprocess.Popen(
            ["sh", "-c", 'exec "$@" 3<&%d 4>&%d' % (to_browser_read, from_browser_write), "sh"] + arguments,
            pass_fds=(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    fail("chromium closed the DevTools pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    fail(method + ": " + json.dumps(answer["error"]))
                return answer.get("result", {})
        fail(method + " got no answer")

    def languages(self, accept_language):
        """The languages the page sees in navigator.languages (and Accept-Language)."""
        agent = self.evaluate("navigator.userAgent")
        self.send("Emulation.setUserAgentOverride", {"userAgent": agent, "acceptLanguage": accept_language})

    def open(self, url):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                             session=False)
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            fail("script error in " + expression + ": " + json.dumps(result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)
        fail("timed out waiting for " + what)

    def click(self, selector):
        """A real mouse click at the middle of the element (of its first line, for a link that
        wraps: the middle of its whole box may be between its lines)."""
        box = self.evaluate("(() => { const e = document.querySelector(%s); if (!e) return null;"
                            " e.scrollIntoView({block: 'center'});"
                            " const r = e.getClientRects()[0] || e.getBoundingClientRect();"
                            " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector))
        if not box:
            fail("nothing to click at " + selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def type_and_enter(self, selector, text):
        self.click(selector)
        self.send("Input.insertText", {"text": text})
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                 "windowsVirtualKeyCode": 13, "text": "\r"})

    def screenshot(self, path):
        import base64
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])
        with open(path, "wb") as out:
            out.write(data)
        return data

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except SystemExit:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(database, extra):
    log = open(os.path.join(os.path.dirname(database), "serve.log"), "w+")
    server = subprocess.Popen([os.path.join(BINARY_DIR, "bin", "polsearch-serve"), "--db", database,
                               "--listen", "127.0.0.1:0", "--quiet"] + extra, stderr=log)
    for _ in range(400):
        log.seek(0)
        found = re.search(r"on http://127\.0\.0\.1:(\d+)/", log.read())
        if found:
            return server, int(found.group(1))
        time.sleep(0.025)
    fail("polsearch-serve did not start")


def main():
    scratch = tempfile.mkdtemp(prefix="polsearch-browser-")
    server = portal = browser = None
    try:
        database = os.path.join(scratch, "db")
        subprocess.run([os.path.join(BINARY_DIR, "bin", "polsearch-index"), "--quiet", "--db", database,
                        os.path.join(SOURCE_DIR, "sample_corpus")], check=True)

        # A portal page on another origin that embeds the widget.
        class Portal(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                # /article says its language (data-lang); /plain does not.
                say = " data-lang='ru'" if self.path == "/article" else ""
                page = ("<!doctype html><html><head><meta charset='utf-8'><title>Портал журнала</title>"
                        "</head><body><h1>Журнал</h1><p>Статьи выпуска…</p>"
                        "<script src='http://127.0.0.1:%d/widget.js' defer></script>"
                        "<div data-polsearch%s></div></body></html>") % (port, say)
                body = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        portal = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
        portal_origin = "http://127.0.0.1:%d" % portal.server_address[1]
        threading.Thread(target=portal.serve_forever, daemon=True).start()
        server, port = start_server(database, ["--cors-origin", portal_origin])

        browser = Browser(os.path.join(scratch, "profile"))
        browser.open("http://127.0.0.1:%d/" % port)
        browser.wait_for("!!document.querySelector('.polsearch input[type=search]')", "the search box")

        # Accessibility basics: a labelled box in a search landmark, a live status.
        check(browser.evaluate("(() => { const i = document.querySelector('.polsearch input[type=search]');"
                               " return !!document.querySelector('label[for=\"' + i.id + '\"]').textContent; })()"),
              "the search box has a label")
        check(browser.evaluate("!!document.querySelector('form[role=search]')"), "the form is a search landmark")
        check(browser.evaluate("document.querySelector('.ps-status').getAttribute('aria-live') === 'polite'"),
              "the result count is announced (aria-live)")

        # Type a Russian query and press Enter.
        browser.type_and_enter(".polsearch input[type=search]", QUERY)
        browser.wait_for("document.querySelectorAll('.ps-hit').length > 0", "hits")
        hits = browser.evaluate("[...document.querySelectorAll('.ps-hit')].map(h => ({id: h.dataset.id,"
                                " title: h.querySelector('h3').textContent,"
                                " marks: [...h.querySelectorAll('mark')].map(m => m.textContent)}))")
        ids = [hit["id"] for hit in hits]
        check(SEED in ids[:3], "the seed article is among the first three hits for «%s» (%s)" % (QUERY, ids[:3]))
        check(all(re.search("[а-яё]", hit["title"], re.I) for hit in hits[:5]),
              "the first hits show Russian titles: " + "; ".join(hit["title"][:40] for hit in hits[:3]))
        check(any(mark.lower().startswith(("мягк", "сил")) for hit in hits for mark in hit["marks"]),
              "snippets mark the query's words in their inflections")
        total = int(browser.evaluate("document.querySelector('.polsearch').dataset.total"))
        check(total >= len(hits), "%d records found" % total)
        check(str(total) in browser.evaluate("document.querySelector('.ps-status').textContent"),
              "the status says how many records match")
        check(browser.evaluate("!!document.querySelector('.ps-chart[role=img]')"
                               " && document.querySelectorAll('.ps-chart rect').length >= 2"),
              "a bar chart of hits by year with an accessible label")

        # The next page: hits 11-20, the facets of the query kept (not counted again).
        browser.click(".ps-pages button:last-of-type")
        browser.wait_for("document.querySelector('.ps-hits').getAttribute('start') === '11'", "page 2")
        page_two = browser.evaluate("[...document.querySelectorAll('.ps-hit')].map(h => h.dataset.id)")
        check(len(page_two) == min(10, total - 10) and not set(page_two) & set(ids),
              "the next page shows hits 11 to %d, none of page 1" % (10 + len(page_two)))
        check(browser.evaluate("!!document.querySelector('button[data-facet=language][data-value=kk]')"),
              "the facets stay on the next page")
        check(browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                               ".some(u => u.includes('page=2') && u.includes('facets=false'))"),
              "without being counted again (the page 2 request says facets=false)")
        browser.click(".ps-pages button:first-of-type")
        browser.wait_for("document.querySelector('.ps-hits').getAttribute('start') === '1'", "page 1 again")

        # Click a facet: the Kazakh-language records.
        facet = "button[data-facet=language][data-value=kk]"
        expected = browser.evaluate("(() => { const b = document.querySelector(%s); return b ?"
                                    " parseInt(b.querySelector('.ps-count').textContent.replace(/[()]/g, ''), 10)"
                                    " : null; })()" % json.dumps(facet))
        check(expected and expected < total, "the language facet offers kk (%s of %d)" % (expected, total))
        browser.click(facet)
        browser.wait_for("document.querySelector('.polsearch').dataset.total === '%d'" % expected,
                         "the filtered count %d" % expected)
        check(browser.evaluate("[...document.querySelectorAll('.ps-filter')].some(b => /kk/.test(b.textContent))"),
              "the filter is shown and can be removed")
        check(browser.evaluate("location.search.includes('f.language=kk')"),
              "the address keeps the query and the filter (%s)" % browser.evaluate("location.search"))
        check(browser.evaluate("[...document.querySelectorAll('.ps-exports a')].length === 3 &&"
                               " [...document.querySelectorAll('.ps-exports a')].every(a =>"
                               " a.href.includes('f.language=kk') && a.href.includes('/export?'))"),
              "three export links carry the filter")
        shown = browser.evaluate("document.querySelectorAll('.ps-hit').length")
        check(shown == min(expected, 10), "the page shows %d hits" % shown)

        # The interface in Kazakh.
        browser.evaluate("(() => { const s = document.querySelector('.polsearch select');"
                         " s.value = 'kk'; s.dispatchEvent(new Event('change')); })()")
        browser.wait_for("document.querySelector('.polsearch button[type=submit]').textContent === 'Іздеу'",
                         "the Kazakh interface")
        check(True, "the interface language switches to Kazakh")

        os.makedirs(SCREENSHOT_DIR, exist_ok=True)
        shot = os.path.join(SCREENSHOT_DIR, "search-page.png")
        data = browser.screenshot(shot)
        check(data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000, "screenshot saved: " + shot)

        # A fresh search from an address: each title and snippet says its own language.
        browser.send("Page.navigate", {"url": "http://127.0.0.1:%d/?q=%s" % (port, urllib.parse.quote(QUERY))})
        browser.wait_for("document.querySelectorAll('.ps-hit').length > 0", "hits from the address")
        check(browser.evaluate("document.querySelector('.polsearch button[type=submit]').textContent") == "Search",
              "the interface is the browser's language (en-US) when the page says none")
        langs = browser.evaluate("[...document.querySelectorAll('.ps-hit')].map(h => ({id: h.dataset.id,"
                                 " title: h.querySelector('h3').lang, snippet: h.querySelector('.ps-snippet').lang}))")
        seed = [hit for hit in langs if hit["id"] == SEED]
        check(seed and seed[0]["title"] == "ru" and seed[0]["snippet"] == "ru",
              "the English record's Russian title and snippet are marked lang=ru (%s)" % seed)
        check(all(hit["title"] in ("en", "ru", "kk") and hit["snippet"] in ("en", "ru", "kk") for hit in langs),
              "every title and snippet has a lang attribute")
        check(browser.evaluate("!document.querySelector('.ps-hit[lang]')"),
              "no hit is marked with the record's language as a whole")

        # A facet with more than eight values: the rest behind "Show all".
        more = ".ps-more[data-facet-more=keyword]"
        browser.wait_for("!!document.querySelector(%s)" % json.dumps(more), "a facet's show-all button")
        visible = ("[...document.querySelectorAll('#' + document.querySelector(%s).getAttribute('aria-controls')"
                   " + ' li')].filter(li => !li.hidden).length" % json.dumps(more))
        check(browser.evaluate(visible) == 8, "a facet shows eight values at first")
        browser.click(more)
        shown_all = browser.evaluate(visible)
        check(shown_all > 8 and browser.evaluate("document.querySelector(%s).getAttribute('aria-expanded')"
                                                 % json.dumps(more)) == "true",
              "Show all shows the rest: %d keywords" % shown_all)

        # Sort: newest first.
        browser.evaluate("(() => { const s = document.querySelector('.polsearch select.ps-sort');"
                         " s.value = '-date'; s.dispatchEvent(new Event('change')); })()")
        browser.wait_for("location.search.includes('sort=-date')", "the sort order in the address")
        browser.wait_for("performance.getEntriesByType('resource').some(e => e.name.includes('sort=-date'))",
                         "a search sorted newest first")
        time.sleep(0.5)
        years = browser.evaluate("[...document.querySelectorAll('.ps-hit')].map(h => h.dataset.year)"
                                 ".filter(y => y).map(Number)")
        check(len(years) > 2 and years == sorted(years, reverse=True), "the hits are newest first: %s" % years)
        check(browser.evaluate("[...document.querySelectorAll('.polsearch select.ps-sort option')]"
                               ".map(o => o.value).join()") == "relevance,-date,date",
              "the sort control offers relevance, newest and oldest")
        check(browser.evaluate("[...document.querySelectorAll('.ps-exports a')].every(a => a.href.includes('sort=-date'))"),
              "the export links keep the sort order")

        # A title leads to the record's page, made on the server.
        browser.click(".ps-hit[data-id='%s'] h3 a" % SEED)
        browser.wait_for("location.pathname.startsWith('/record/') && !!document.querySelector('h1')",
                         "the record page")
        record = browser.evaluate("({id: document.querySelector('main').dataset.id,"
                                  " lang: document.documentElement.lang,"
                                  " h1: document.querySelector('h1').lang,"
                                  " sections: [...document.querySelectorAll('section.ps-abstract')].map(s => s.lang),"
                                  " titles: [...document.querySelectorAll('.ps-titles li')].map(l => l.lang),"
                                  " exports: [...document.querySelectorAll('.ps-exports a[download]')].map(a => a.textContent),"
                                  " doi: !!document.querySelector('a[href^=\"https://doi.org/\"]'),"
                                  " similar: document.querySelectorAll('.ps-similar li a').length,"
                                  " nav: document.querySelector('nav').textContent})")
        check(record["id"] == SEED and record["lang"] == "en" and record["h1"] == "en",
              "the record page of %s, in its language" % SEED)
        check(sorted(record["sections"]) == ["en", "kk", "ru"] and sorted(record["titles"]) == ["kk", "ru"],
              "every language version of the abstract and title, each with its lang: %s" % record)
        check(record["exports"] == ["RIS", "BibTeX", "CSL-JSON"] and record["doi"] and record["similar"] >= 1,
              "export links, the DOI and similar records")
        check("Search" in record["nav"], "the page's labels in the interface language")
        exported = browser.evaluate("fetch(document.querySelector('.ps-exports a[download]').href).then(r => r.text())")
        check(exported.startswith("TY  - JOUR") and exported.count("ER  - ") == 1, "the RIS link gives that one record")
        browser.screenshot(os.path.join(SCREENSHOT_DIR, "record-page.png"))

        # The widget on a portal page of another origin, with one script tag and one element.
        browser.send("Page.navigate", {"url": portal_origin + "/article"})
        browser.wait_for("!!document.querySelector('.polsearch input[type=search]')", "the embedded widget")
        check(browser.evaluate("document.querySelector('.polsearch button[type=submit]').textContent") == "Найти",
              "the embedded widget speaks the portal's language (data-lang=ru)")
        browser.type_and_enter(".polsearch input[type=search]", "жұмсақ күш")
        browser.wait_for("document.querySelectorAll('.ps-hit').length > 0", "hits in the embedded widget")
        check(SEED in browser.evaluate("[...document.querySelectorAll('.ps-hit')].map(h => h.dataset.id)"),
              "the embedded widget finds the seed article across origins (CORS)")
        browser.screenshot(os.path.join(SCREENSHOT_DIR, "widget-on-portal.png"))

        # A portal page that names no language: the browser's (Kazakh here).
        browser.languages("kk-KZ,kk,ru")
        browser.send("Page.navigate", {"url": portal_origin + "/plain"})
        browser.wait_for("!!document.querySelector('.polsearch input[type=search]')", "the widget without data-lang")
        check(browser.evaluate("document.querySelector('.polsearch button[type=submit]').textContent") == "Іздеу",
              "without data-lang the widget speaks the browser's language (kk-KZ)")
        # A browser in none of the three: the query's language, once the service has read it.
        browser.languages("de-DE,de")
        browser.send("Page.navigate", {"url": portal_origin + "/plain"})
        browser.wait_for("!!document.querySelector('.polsearch input[type=search]')", "the widget, browser in German")
        check(browser.evaluate("document.querySelector('.polsearch button[type=submit]').textContent") == "Search",
              "a browser in German gets English until a query is read")
        browser.type_and_enter(".polsearch input[type=search]", QUERY)
        browser.wait_for("document.querySelector('.polsearch button[type=submit]').textContent === 'Найти'",
                         "the interface in the query's language")
        check(True, "then the query's language: Russian for «%s»" % QUERY)
        print("browser test: passed")
    finally:
        if browser:
            browser.close()
        if server:
            server.terminate()
            server.wait(timeout=10)
        if portal:
            portal.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)


main()
