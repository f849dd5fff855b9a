"""One walker for nested containers (lists, tuples, dicts), shared by the worker and the grader.

A *tree* is any value; its containers are ``list``, ``tuple`` and ``dict`` (rebuilt as exactly these
types), everything else is a leaf.  Depth is bounded by the wire format's ``MAX_DEPTH`` wherever a
tree comes from the worker.  (``torch.utils._pytree`` does the same but is private to torch.)
"""
from __future__ import annotations

from typing import Any, Callable, Iterator


def tree_map(fn: Callable[[Any], Any], tree: Any, key: Callable[[Any], Any] | None = None) -> Any:
    """``tree`` with every leaf replaced by ``fn(leaf)`` (and every dict key by ``key(k)``, if given);
    containers are rebuilt as list, tuple and dict."""
    if isinstance(tree, list):
        return [tree_map(fn, v, key) for v in tree]
    if isinstance(tree, tuple):
        return tuple(tree_map(fn, v, key) for v in tree)
    if isinstance(tree, dict):
        return {(key(k) if key else k): tree_map(fn, v, key) for k, v in tree.items()}
    return fn(tree)


def tree_leaves(tree: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """``(path, leaf)`` for every leaf, depth first; ``path`` holds the list/tuple indices and dict keys."""
    if isinstance(tree, (list, tuple)):
        for i, v in enumerate(tree):
            yield from tree_leaves(v, path + (i,))
    elif isinstance(tree, dict):
        for k, v in tree.items():
            yield from tree_leaves(v, path + (k,))
    else:
        yield path, tree
