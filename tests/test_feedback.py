"""HTML feedback pages and the class summary: content, escaping, and a real headless browser.

The browser test drives Debian's ``chromium`` (``apt-get install -y chromium``)
through the DevTools protocol on 127.0.0.1: it loads the page from a file, then
checks that the document finished loading, that every image decoded with a
non-zero size and was laid out visibly, and that no console error, exception or
log error (CSP violations included) was reported.  Skipped when chromium is not
installed.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from autograder.feedback import render_html, write_html
from autograder.messages import msg
from autograder.report import summarize, summary_html, text_summary
from autograder.results import CaseResult, CellOutput, ExerciseScore, GradeReport


def _report(student: str = "alice", kl_score: float = 1.0) -> GradeReport:
    evil = msg("expected shape (4,), received (4, 1) <script>alert(1)</script> & more",
               "形状が違います: 期待 (4,), 受け取り (4, 1) <script>alert(1)</script>")
    kl = ExerciseScore("gaussian_kl", kl_score, 4.0, (
        CaseResult("test_matches_reference", "gaussian_kl", kl_score, 3.0, "failed" if kl_score < 3 else "passed",
                   evil if kl_score < 3 else None, "shape" if kl_score < 3 else None, 0.02),
        CaseResult("test_zero_at_prior", "gaussian_kl", 1.0, 1.0, "passed", None, None, 0.01)))
    rec = ExerciseScore("reconstruction_loss", 4.0, 4.0, (
        CaseResult("test_bernoulli", "reconstruction_loss", 4.0, 4.0, "passed", None, None, 0.01),))
    rep = ExerciseScore("reparameterize", 0.0, 3.0, (
        CaseResult("test_matches_reference", "reparameterize", 0.0, 3.0, "failed",
                   msg("reparameterize() did not return within 10 s", "10 秒以内に終わりませんでした"), "timeout", 10.0),))
    cells = (CellOutput(3, "ok", "hello", "", None),
             CellOutput(7, "error", "", "", {"ename": "ValueError", "evalue": "bad <b>", "traceback": "ValueError: bad <b>"}))
    return GradeReport("ch2_vae", "vae.ipynb", student, (rec, kl, rep), (msg("Cell 5 was restored", "セル 5 を復元"),),
                       cells, 12.5, "cpu", "basic", None)


def test_page_content_and_escaping():
    for lang in ("ja", "en"):
        page = render_html(_report(), lang)
        assert page.startswith("<!DOCTYPE html>")
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert "Content-Security-Policy" in page and "default-src 'none'" in page
        assert re.search(r'<img class="chart" alt="[^"]+" src="data:image/png;base64,[A-Za-z0-9+/=]{200,}">', page)
        assert "gaussian_kl" in page and "5 / 11" in page
        assert ("合計" if lang == "ja" else "Total") in page
        assert "bad &lt;b&gt;" in page


def test_write_html_atomic(tmp_path):
    out = write_html(tmp_path / "sub" / "fb.html", _report(), "en")
    assert out.read_text(encoding="utf-8").endswith("</html>\n")
    assert [p.name for p in out.parent.iterdir()] == ["fb.html"]


def test_class_summary_numbers():
    reports = [_report("a", 1.0), _report("b", 4.0), GradeReport("ch2_vae", "vae.ipynb", "c", (), (), (), 1.0,
                                                                  status="invalid_notebook")]
    s = summarize(reports, [{"wall_s": 2.0, "spawn_s": 0.01, "worker_maxrss_kb": 1024, "grader_maxrss_kb": 2048}])
    d = s.to_dict()
    assert s.submissions == 3 and s.max_score == 11.0
    kl = next(e for e in d["exercises"] if e["grade_id"] == "gaussian_kl")
    assert kl["full_marks"] == 1 and kl["submissions"] == 2 and kl["pass_rate"] == 0.5
    assert sum(c for _, _, c in s.histogram) == 3
    assert dict(s.failures_by_kind) == {"timeout": 2, "shape": 1}
    assert dict(s.statuses) == {"graded": 2, "invalid_notebook": 1}
    assert s.slowest[0] == ("a", 12.5)
    text = text_summary(s, "en")
    assert "pass rate" in text and "timeout" in text
    assert json.loads(json.dumps(d))["timing"]["peak_worker_rss_mib"] == 1.0
    assert "<img" in summary_html(s, "ja")


# ----------------------------------------------------------------------------------------------
# real headless chromium
# ----------------------------------------------------------------------------------------------
def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class _DevTools:
    """A minimal Chrome DevTools Protocol client over websocket-client."""

    def __init__(self, url: str):
        import websocket

        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            data = json.loads(self.ws.recv())
            if data.get("id") == my:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
            if "method" in data:
                self.events.append(data)

    def drain(self, seconds: float) -> None:
        self.ws.settimeout(0.2)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                data = json.loads(self.ws.recv())
            except Exception:  # noqa: BLE001 - websocket timeout: nothing more yet
                continue
            if "method" in data:
                self.events.append(data)
        self.ws.settimeout(30)

    def close(self) -> None:
        self.ws.close()


def _open_in_chromium(html_file: Path, extra: str = "null") -> dict:
    """Open ``html_file`` in headless chromium; ``extra`` is a JS expression whose value is returned as
    ``info["extra"]`` (evaluated after the page loaded)."""
    exe = _chromium()
    profile = tempfile.mkdtemp(prefix="autograder-chromium-")
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
            f"--user-data-dir={profile}", "about:blank"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or len(port_file.read_text().split()) < 2:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        import urllib.request

        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t.get("type") == "page")
        dt = _DevTools(page["webSocketDebuggerUrl"])
        try:
            for domain in ("Page", "Runtime", "Log"):
                dt.call(f"{domain}.enable")
            dt.call("Page.navigate", url=html_file.resolve().as_uri())
            deadline = time.monotonic() + 30
            state = ""
            while time.monotonic() < deadline:
                state = dt.call("Runtime.evaluate", expression="document.readyState",
                                returnByValue=True)["result"].get("value", "")
                if state == "complete":
                    break
                time.sleep(0.1)
            dt.drain(0.5)
            probe = """JSON.stringify({
              title: document.title,
              url: location.href,
              images: Array.from(document.images).map(i => ({complete: i.complete, w: i.naturalWidth,
                  h: i.naturalHeight, shown: i.getBoundingClientRect().width, alt: i.alt})),
              text: document.body.innerText.length,
              scripts: document.scripts.length,
              extra: (EXTRA)})""".replace("EXTRA", extra)
            info = json.loads(dt.call("Runtime.evaluate", expression=probe, returnByValue=True)["result"]["value"])
            info["state"] = state
            errors = []
            for ev in dt.events:
                m, p = ev["method"], ev.get("params", {})
                if m == "Runtime.exceptionThrown":
                    errors.append(p.get("exceptionDetails", {}).get("text", "exception"))
                elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                    errors.append(str(p.get("args"))[:300])
                elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                    errors.append(p["entry"].get("text", "")[:300])
            info["errors"] = errors
            return info
        finally:
            dt.close()
    finally:
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (apt-get install -y chromium)")
@pytest.mark.parametrize("kind", ["feedback_ja", "feedback_en", "summary"])
def test_page_in_headless_chromium(tmp_path, kind):
    if kind == "summary":
        f = tmp_path / "summary.html"
        f.write_text(summary_html(summarize([_report("a", 1.0), _report("b", 4.0)]), "ja"), encoding="utf-8")
    else:
        f = write_html(tmp_path / "fb.html", _report(), kind.split("_")[1])
    info = _open_in_chromium(f)
    assert info["state"] == "complete", info
    assert info["url"].startswith("file://")
    assert info["images"], "the page should show at least one chart"
    for img in info["images"]:
        assert img["complete"] and img["w"] > 0 and img["h"] > 0 and img["shown"] > 0, img
    assert info["text"] > 100
    assert info["scripts"] == (1 if kind == "summary" else 0)  # the summary's table sorter, allowed by its hash
    assert info["errors"] == [], info["errors"]


# ----------------------------------------------------------------------------------------------
# the class report: item analysis (issue 15, item 2)
# ----------------------------------------------------------------------------------------------
def _class() -> list:
    """Five submissions: KL full / wrong with a diagnosed cause / stub; the rest varies."""
    from autograder.messages import msg as m

    cause = {"id": "ch2_vae/gaussian_kl/mistake_exp2", "en": "used exp(2·logvar)", "ja": "exp(2·logvar) を使った"}
    desc = m("KL on random inputs", "ランダムな入力での KL")

    def kl(kind):
        if kind == "ok":
            return ExerciseScore("gaussian_kl", 4.0, 4.0, (CaseResult("t_kl", "gaussian_kl", 4.0, 4.0, "passed",
                                                                      description=desc),))
        if kind == "stub":
            return ExerciseScore("gaussian_kl", 0.0, 4.0, (CaseResult("t_kl", "gaussian_kl", 0.0, 4.0, "failed",
                                                                      m("stub"), "not_implemented", description=desc),))
        return ExerciseScore("gaussian_kl", 0.0, 4.0, (CaseResult("t_kl", "gaussian_kl", 0.0, 4.0, "failed", m("wrong"),
                                                                  "mismatch", description=desc,
                                                                  detail={"rtol": 1e-7, "cause": cause}),))

    def rec(score):
        return ExerciseScore("reconstruction_loss", score, 4.0, (CaseResult("t_rec", "reconstruction_loss", score, 4.0,
                                                                            "passed" if score == 4 else "failed"),))
    rows = [("s1", "ok", 4.0, 3.0), ("s2", "wrong", 4.0, 2.0), ("s3", "wrong", 0.0, 5.0), ("s4", "stub", 0.0, 1.0),
            ("s5", "ok", 4.0, 9.0)]
    return [GradeReport("ch2_vae", "vae.ipynb", s, (rec(r), kl(k)), execution_time=t) for s, k, r, t in rows]


def test_item_analysis_pass_rate_discrimination_causes_and_failing_tests():
    import statistics

    reports = _class()
    s = summarize(reports, links=[f"{r.student}/vae.html" for r in reports])
    kl = next(e for e in s.exercises if e.grade_id == "gaussian_kl")
    assert (kl.full_marks, kl.submissions, kl.mean_score) == (2, 5, 1.6)
    mine = [4.0, 0.0, 0.0, 0.0, 4.0]
    rest = [4.0, 4.0, 0.0, 0.0, 4.0]  # reconstruction_loss: the rest of each total
    assert kl.discrimination == round(statistics.correlation(mine, rest), 2)
    assert kl.causes == (("used exp(2·logvar)", "exp(2·logvar) を使った", 2),)
    assert kl.failing_tests == (("KL on random inputs", "ランダムな入力での KL", 2),)  # the stub is not counted
    assert kl.not_implemented == 1
    assert dict(s.failures_by_kind)["not_implemented"] == 1  # a stub is not an exception
    assert [st["feedback"] for st in s.students] == [f"s{k}/vae.html" for k in range(1, 6)]
    d = json.loads(json.dumps(s.to_dict()))  # summary.json carries the same data
    assert d["exercises"][1]["causes"] == [["used exp(2·logvar)", "exp(2·logvar) を使った", 2]]
    assert d["students"][1]["scores"] == {"reconstruction_loss": 4.0, "gaussian_kl": 0.0}
    for lang, words, other in (("ja", ["課題分析", "識別力", "2× exp(2·logvar) を使った", "2× ランダムな入力での KL"],
                                ["Item analysis", "full marks (%)"]),
                               ("en", ["Item analysis", "discrimination", "2× used exp(2·logvar)",
                                       "2× KL on random inputs"], ["課題分析", "識別力"])):
        page = summary_html(s, lang)
        for w in words:
            assert w in page, (lang, w)
        for w in other:
            assert w not in page, (lang, w)  # one language per page
        assert '<a href="s2/vae.html">s2</a>' in page
        assert "script-src 'sha256-" in page and "<pre>" not in page
    assert summarize([_report("a", 1.0)]).exercises[0].discrimination is None  # undefined below 3 submissions
    # a grader failure is ours: no figure of the row counts it (one population per row)
    broken = GradeReport("ch2_vae", "vae.ipynb", "s6", (ExerciseScore("reconstruction_loss", 0.0, 4.0),
                                                        ExerciseScore("gaussian_kl", 0.0, 4.0)),
                         grader_error=msg("boom"), status="grader_error")
    same = next(e for e in summarize(reports + [broken]).exercises if e.grade_id == "gaussian_kl")
    assert (same.submissions, same.full_marks, same.mean_score, same.discrimination) == \
        (kl.submissions, kl.full_marks, kl.mean_score, kl.discrimination)


def test_timing_is_not_averaged_over_submissions_without_a_worker():
    s = summarize(_class()[:2], [{"wall_s": 2.0, "spawns": 1, "spawn_s": 0.5, "worker_maxrss_kb": 2048,
                                  "grader_maxrss_kb": 4096},
                                 {"wall_s": 0.1, "spawns": 0, "spawn_s": 0.0, "worker_maxrss_kb": 0,
                                  "grader_maxrss_kb": 4096}])
    assert s.timing["mean_spawn_s"] == 0.5 and s.timing["peak_worker_rss_mib"] == 2.0


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_summary_table_sorts_in_chromium(tmp_path):
    reports = _class()
    f = tmp_path / "summary.html"
    f.write_text(summary_html(summarize(reports), "en"), encoding="utf-8")
    order = """(function () {
      var rows = function () { return Array.from(document.querySelectorAll("#students tbody tr"))
                                 .map(function (r) { return r.cells[0].innerText; }); };
      var before = rows();
      var th = document.querySelectorAll("#students th");
      th[th.length - 1].click(); var slowFirst = rows();   // seconds, descending
      th[th.length - 1].click(); var fastFirst = rows();   // and ascending
      th[1].click(); var best = rows();                     // total, descending
      return {before: before, slowFirst: slowFirst, fastFirst: fastFirst, best: best};
    })()"""
    info = _open_in_chromium(f, order)
    assert info["errors"] == [], info["errors"]  # the CSP allows the sorter by its hash, nothing else
    got = info["extra"]
    assert got["before"] == ["s1", "s2", "s3", "s4", "s5"]
    assert got["slowFirst"] == ["s5", "s3", "s1", "s2", "s4"]
    assert got["fastFirst"] == ["s4", "s2", "s1", "s3", "s5"]
    assert set(got["best"][:2]) == {"s1", "s5"} and set(got["best"][-2:]) == {"s3", "s4"}  # 8, 8, 4, 0, 0
