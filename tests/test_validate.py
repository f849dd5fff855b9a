"""``nbgrader validate`` (and JupyterLab's Validate button, which runs the same validator) tells the
truth about the visible checks: every unimplemented exercise on the release, success on a complete
correct notebook, and the one wrong exercise by name.  The checks stay one polite line (⏳/❌) on
stderr, which nbgrader's ``determine_grade`` counts as a failed grade cell."""
from __future__ import annotations

import shutil

import pytest

from autograder.release import run_nbgrader
from conftest import REPO, make_notebook

EXERCISES = ["reconstruction_loss", "gaussian_kl", "reparameterize", "negative_elbo", "vae_module", "train_step",
             "interpolate_latents"]
WRONG_KL = '''
def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - torch.exp(2 * logvar), dim=-1)
'''


def _validate(nb, tmp_path) -> str:
    work = tmp_path / "validate"
    work.mkdir(parents=True, exist_ok=True)
    target = work / "vae.ipynb"
    shutil.copy(nb, target)
    proc = run_nbgrader(work, "validate", str(target), check=False)
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_validate_reports_every_unimplemented_exercise(tmp_path):
    text = _validate(REPO / "release/ch2_vae/vae.ipynb", tmp_path)
    assert "Success! Your notebook passes all the tests." not in text, text[-3000:]
    for name in EXERCISES:
        assert f"⏳ {name}: " in text, (name, text[-3000:])
    assert "Traceback" not in text  # one polite line per exercise, not a traceback wall


def test_validate_success_and_one_wrong_exercise(tmp_path):
    text = _validate(REPO / "source/ch2_vae/vae.ipynb", tmp_path / "ok")
    assert "Success! Your notebook passes all the tests." in text, text[-3000:]
    wrong = make_notebook(tmp_path / "wrong", {"gaussian_kl_code": WRONG_KL})
    text = _validate(wrong, tmp_path / "wrong")
    assert "Success!" not in text
    assert "❌ gaussian_kl: " in text, text[-3000:]
    for name in EXERCISES:
        if name != "gaussian_kl" and name != "negative_elbo":
            assert f"❌ {name}: " not in text and f"⏳ {name}: " not in text, (name, text[-3000:])


def test_validate_names_the_earlier_exercise_a_check_needs(tmp_path):
    """vae_module's visible check also calls reparameterize: with vae_module done and reparameterize
    still the stub, validate says to implement reparameterize first, not that vae_module is missing."""
    import nbformat

    release = nbformat.read(REPO / "release/ch2_vae/vae.ipynb", as_version=4)
    stub = next(c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "reparameterize_code")
    nb = make_notebook(tmp_path / "dep", {"reparameterize_code": stub})
    text = _validate(nb, tmp_path / "dep")
    # nbgrader shows the first ~100 characters of an error line: both languages fit
    assert "⏳ vae_module: 先に reparameterize を実装してください / implement reparameterize first" in text, text[-3000:]
    assert "⏳ reparameterize: まだ実装されていません" in text
    assert "⏳ vae_module: まだ実装されていません" not in text
