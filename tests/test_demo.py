"""``autograder demo`` (the main job) end to end through the real CLI."""
from conftest import run_cli


def test_demo_grades_the_class_as_expected(tmp_path):
    proc = run_cli("demo", "--out", str(tmp_path / "demo"), "--device", "cpu", "--lang", "en")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    out = proc.stdout
    assert "correct: 29/29" in out and "stubs: 0/29" in out
    assert out.count("(expected: loses only") >= 3
    assert "every submission graded as expected" in out
    assert (tmp_path / "demo" / "autograder_results" / "ch2_vae" / "grades.csv").exists()
    assert (tmp_path / "demo" / "release" / "ch2_vae" / "vae.ipynb").exists()
    # the demo writes what `autograder batch` writes: the class report, feedback pages, the gradebook
    results = tmp_path / "demo" / "autograder_results" / "ch2_vae"
    assert (results / "summary.html").exists() and (results / "summary.json").exists()
    assert (results / "correct" / "vae.html").exists()
    assert (tmp_path / "demo" / "gradebook.db").exists() and "gradebook: " in out
