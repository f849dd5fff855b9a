"""One-slip mutants of the references (autograder.mutants), the generic "Likely cause" of issue 13.5:
every kind of slip is made, each changes exactly what it says, none quotes the reference's code, and
nothing in a loop that may not end is changed (mutants run in the trusted process)."""
from __future__ import annotations

import importlib
import inspect
import re
import sys
import textwrap

import pytest
import torch

from autograder import mutants
from autograder.notebook import known_assignments

KINDS = {"drop_call", "reduction", "log_base", "correction", "squared", "power", "factor", "epsilon", "sign", "term",
         "operand", "keyword", "axis", "comparison", "index", "input", "order"}


def _references():
    for a in known_assignments():
        module = importlib.import_module(f"solutions.{a}")
        for name, fn in vars(module).items():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_"):
                yield a, name, fn


def test_every_kind_of_slip_is_made_for_some_reference():
    made = {m.kind for a, name, _ in _references() for m in mutants.mutants(a, name)}
    # no reference adds a literal epsilon (they take ``eps`` arguments): that slip is made in the
    # while-loop test's module below
    assert made == KINDS - {"epsilon"}, (sorted(KINDS - made), sorted(made - KINDS))
    # and the module's table documents each of them
    for kind in KINDS:
        assert f"``{kind}``" in mutants.__doc__, kind


def test_a_mutant_is_the_reference_with_its_slip_and_nothing_else():
    import solutions.ch4_diffusion as r

    g = torch.Generator().manual_seed(0)
    x0, noise = (torch.randn(3, 2, generator=g, dtype=torch.float64) for _ in range(2))
    ac = r.alphas_cumprod_from_betas(r.beta_schedule("linear", 100))
    t = torch.tensor([5, 40, 90])
    by_text = {m.en: m for m in mutants.mutants("ch4_diffusion", "q_sample")}
    every = next(m for text, m in by_text.items() if "without any `sqrt`" in text)
    a = ac[t][:, None]
    torch.testing.assert_close(every.fn(x0, t, noise, ac), a * x0 + (1 - a) * noise, rtol=0, atol=0)
    one = [m for text, m in by_text.items() if "without one `sqrt`" in text]
    assert len(one) == 1  # the two one-site slips say the same thing: one text, kept once
    # the reference itself is untouched
    torch.testing.assert_close(r.q_sample(x0, t, noise, ac), a.sqrt() * x0 + (1 - a).sqrt() * noise)


def test_no_slip_text_quotes_the_references_code():
    """The feedback must not hand out the solution: a slip names functions and constants, never a line
    (or an expression longer than a name) of the reference. Both languages are given."""
    for a, name, fn in _references():
        code = [line.strip() for line in inspect.getsource(fn).split("\n")]
        fragments = {piece.strip() for line in code if not line.startswith(("#", '"""'))
                     for piece in re.split(r"[=,:]", line) if len(piece.strip()) > 18}
        for m in mutants.mutants(a, name):
            assert m.en and m.ja and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", m.ja), (name, m.en)
            for piece in fragments:
                assert piece not in m.en and piece not in m.ja, (name, m.kind, piece)


def test_nothing_inside_a_while_loop_is_changed(tmp_path, monkeypatch):
    """A slip in a while loop (its condition, or a step) can loop forever, in the trusted process."""
    src = textwrap.dedent('''
        import torch


        def halve_until_small(x: torch.Tensor) -> torch.Tensor:
            y = torch.sqrt(x.abs()) * 2.0
            while bool((y > 1).any()):
                y = y / 2.0
            return y + 1e-8
    ''')
    path = tmp_path / "fake_while.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("solutions.fake_while", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "solutions.fake_while", module)
    mutants.mutants.cache_clear()
    try:
        made = mutants.mutants("fake_while", "halve_until_small")
        kinds = sorted({m.kind for m in made})
        # the statements outside the loop are mutated: the sqrt, the factor 2, the epsilon
        assert {"drop_call", "factor", "epsilon"} <= set(kinds), kinds
        # nothing inside it: no comparison flipped, no division by 2 left out
        assert "comparison" not in kinds
        assert not any("division by 2" in m.en for m in made)
        x = torch.tensor([9.0, 0.25], dtype=torch.float64)
        for m in made:
            m.fn(x)  # every mutant ends
    finally:
        mutants.mutants.cache_clear()


@pytest.mark.parametrize("assignment,name", [("ch2_vae", "VAE"), ("ch4_diffusion", "no_such_function")])
def test_classes_and_missing_names_have_no_mutants(assignment, name):
    assert mutants.mutants(assignment, name) == ()
