"""One way to speak the course's languages (issue 16.4): the fixed labels of every writer live in
``autograder/locales/<lang>.toml``; a language is one file; the quantities the hidden tests name are
put into the language of the sentence."""
from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from autograder import i18n

REPO = Path(__file__).resolve().parents[1]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _placeholders(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _locale(lang: str) -> dict:
    return tomllib.loads((i18n.LOCALES / f"{lang}.toml").read_text(encoding="utf-8"))


def test_every_locale_has_the_english_keys_and_placeholders():
    en = _locale("en")
    assert i18n.LANGS[0] == i18n.DEFAULT == "ja" and "en" in i18n.LANGS
    for lang in i18n.LANGS:
        data = _locale(lang)
        for section, labels in en.items():
            assert section in data, (lang, section)
            for key, text in labels.items():
                assert key in data[section], (lang, section, key)
                assert _placeholders(data[section][key]) == _placeholders(text), (lang, section, key)
        extra = {(s, k) for s, labels in data.items() if s != "quantities" for k in labels} - \
            {(s, k) for s, labels in en.items() for k in labels}
        assert not extra, (lang, sorted(extra))  # a key English lacks is read by nobody
    for section, labels in _locale("ja").items():
        if section != "quantities":
            assert all(JAPANESE.search(t) or not re.search("[a-z]{4}", t) for t in labels.values()), section


def test_no_writer_picks_a_language_by_hand():
    """The three old mechanisms are gone: feedback's ``_T``, the report's ``_L`` (and its kind, timing
    and status tables), and ``"ja" if ... else "en"`` ternaries in the commands and tables."""
    for path in sorted((REPO / "autograder").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^_(T|L|KIND_LABELS|STATUS_LABELS|TIMING_LABELS) = \{", text, re.M), path.name
        for n, line in enumerate(text.split("\n"), 1):
            if path.name in ("messages.py", "i18n.py"):
                continue
            assert not re.search(r"""if (args\.)?lang (==|!=) "ja"|(^|\W)ja = lang == "ja"|if ja else""", line), \
                f"{path.name}:{n}: {line.strip()}"


def test_a_new_language_is_one_file(tmp_path, monkeypatch):
    for lang in ("en", "ja"):
        (tmp_path / f"{lang}.toml").write_text((i18n.LOCALES / f"{lang}.toml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    (tmp_path / "fr.toml").write_text('[terminal]\ntotal = "Total des points"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._load.cache_clear()
    try:
        assert i18n._codes() == ("ja", "en", "fr")
        assert i18n.text("terminal", "total", "fr") == "Total des points"
        assert i18n.text("terminal", "test", "fr") == "test"  # missing: English
        with pytest.raises(ValueError, match="unknown language 'xx'"):
            i18n.table("terminal", "xx")
    finally:
        i18n._load.cache_clear()


def _suite_labels() -> list[str]:
    """The quantity label of every ``check.*(label, ...)`` call of the hidden suites, the values of an
    f-string left out."""
    out = []
    for path in sorted((REPO / "autograder" / "suites").glob("*/test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "check":
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.append(first.value)
                elif isinstance(first, ast.JoinedStr):
                    out.append("".join(v.value if isinstance(v, ast.Constant) else "…" for v in first.values))
    return out


def test_the_quantities_of_japanese_sentences_are_japanese():
    """Found by the issue: "IS mean (N=20, splits=4): 値が違います". After the glossary, no label keeps
    two English words in a row (code names such as ``bernoulli_recon_loss``, ``eps`` or ``fc21`` stay)."""
    labels = _suite_labels()
    assert len(labels) > 100
    assert i18n.in_ja("IS mean (N=20, splits=4)") == "IS の平均 (N=20, splits=4)"
    english = re.compile(r"\b[A-Za-z][a-z]{2,}\s+[a-z]{2,}\b")
    left = sorted({(label, i18n.in_ja(label)) for label in labels if english.search(i18n.in_ja(label))})
    assert not left, "\n".join(f"{a!r} -> {b!r}" for a, b in left)


def test_a_checks_japanese_message_names_the_quantity_in_japanese():
    import torch

    from autograder.checks import Check
    from autograder.messages import GradingFailure

    with pytest.raises(GradingFailure) as info:
        Check().close("style loss (3 layers, weights)", torch.tensor(1.0, dtype=torch.float64),
                      torch.tensor(2.0, dtype=torch.float64))
    assert info.value.message.ja.startswith("スタイル損失 (3 層, 重み): ")
    assert info.value.message.en.startswith("style loss (3 layers, weights): ")
