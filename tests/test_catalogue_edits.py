"""The catalogue as edits of the reference (autograder.catalogue; issue 16.3).

Like diffusers' ``make fix-copies`` check: an entry that is mostly a copy of the reference must be
written as an edit of it (``tools/catalogue_edits.py --write`` converts it), and every edit must
apply to the reference as it is today, so that a change to ``solutions/`` that an edit no longer
fits fails here and names the entry, instead of silently grading stale code.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from autograder import catalogue

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
import catalogue_edits  # noqa: E402

ENTRIES = sorted((REPO / "autograder" / "suites").glob("*/variants/*/*.py"))


def test_every_edit_applies_and_every_copy_is_an_edit():
    copies = []
    for path in ENTRIES:
        assignment = path.parts[path.parts.index("suites") + 1]
        text = path.read_text(encoding="utf-8")
        source = catalogue.materialise(assignment, text, str(path))  # raises on an edit that does not apply
        compile(source, str(path), "exec")
        res = catalogue_edits.convert(path)
        if res is not None and res[2] <= catalogue_edits.MAX_RATIO * res[1]:
            copies.append(f"{path.relative_to(REPO)} ({res[1]} lines, {res[2]} as an edit)")
    assert not copies, ("these entries are copies of solutions/ with a small change; write them as edits "
                        "(python tools/catalogue_edits.py --write PATH): " + "; ".join(copies))


def test_an_edit_materialises_to_the_reference_with_its_change():
    text = ("# title: t\n# title_ja: タ\n# copy: ddpm_step\n#@@\n"
            "#-    if t > 0 and noise is None:\n#+    if noise is None:\n")
    src = catalogue.materialise("ch4_diffusion", text, "entry.py")
    ref = catalogue.reference_source("ch4_diffusion", ["ddpm_step"])
    assert src.startswith("# title: t\n# title_ja: タ\n") and "# copy:" not in src
    body = src.split("\n", 2)[2]
    assert body == ref.replace("    if t > 0 and noise is None:", "    if noise is None:")
    assert '"""' not in body  # the base has no docstrings


@pytest.mark.parametrize("hunk,problem", [
    ("#-    if t > 0 and noise is None: # changed\n#+    pass\n", "occurs 0 times"),
    ("#=    else:\n#+        pass\n", "occurs 2 times"),  # ambiguous: the line is there twice
    ("#+    pass\n", "no context or removed line"),
    ("    pass\n", "neither '#@@' nor a hunk line"),
])
def test_an_edit_that_does_not_fit_names_the_entry_and_the_hunk(hunk, problem):
    text = "# title: t\n# copy: ddpm_step\n#@@\n" + hunk
    with pytest.raises(catalogue.CatalogueError) as info:
        catalogue.materialise("ch4_diffusion", text, "variants/ddpm_step/mistake_x.py")
    assert "variants/ddpm_step/mistake_x.py" in str(info.value) and problem in str(info.value)


def test_an_edit_of_a_name_the_reference_lacks_says_which():
    with pytest.raises(catalogue.CatalogueError, match="defines no ddpm_stepp"):
        catalogue.materialise("ch4_diffusion", "# copy: ddpm_stepp\n#@@\n#-x\n#+y\n", "e.py")
    with pytest.raises(catalogue.CatalogueError, match="needs a '# copy"):
        catalogue.materialise("ch4_diffusion", "# title: t\n#@@\n#-x\n#+y\n", "e.py")


def test_the_converter_reproduces_the_whole_cell_exactly(tmp_path):
    """tools/catalogue_edits.py: the edit it writes materialises to the entry's code (docstrings aside)."""
    ref = catalogue.reference_source("ch4_diffusion", ["ddpm_step"])
    whole = "# title: t\n# title_ja: タ\n" + ref.replace("sigma2.sqrt() * noise", "sigma2 * noise")
    path = tmp_path / "autograder" / "suites" / "ch4_diffusion" / "variants" / "ddpm_step" / "mistake_t.py"
    path.parent.mkdir(parents=True)
    path.write_text(whole, encoding="utf-8")
    new, old_n, new_n = catalogue_edits.convert(path)
    assert new_n < old_n / 3
    assert catalogue.materialise("ch4_diffusion", new, str(path)) == whole
    assert "#-" in new and "#+" in new and "# copy: ddpm_step" in new
