"""The worker protocol: length-prefixed frames of a JSON header plus a safetensors blob.

Nothing here unpickles.  Structured values are encoded as a JSON tree in which
tensors are references into one safetensors blob (``{"__t__": key}``); numpy
arrays travel as tensors marked ``{"__np__": key}``; objects that cannot be
encoded stay in the worker and travel as handles (``{"__h__": id}``).  The
trusted side decodes with :func:`decode` and accepts only JSON scalars, lists,
dicts with string keys, handles and plain tensors of whitelisted dtypes
(:data:`ALLOWED_DTYPES`), within :data:`MAX_FRAME` bytes.
"""
from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any, Callable, Optional

import torch
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

#: Largest frame accepted from the worker (bytes): a JSON header plus tensors.
MAX_FRAME = 256 * 1024 * 1024
#: Largest JSON header accepted (bytes).
MAX_HEADER = 16 * 1024 * 1024
#: Deepest nesting of lists/dicts accepted in a decoded value.
MAX_DEPTH = 32

ALLOWED_DTYPES = {
    torch.float64, torch.float32, torch.float16, torch.bfloat16,
    torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool,
}

_LEN = struct.Struct("<QI")  # total length of (json + blob), length of json


class ProtocolError(Exception):
    """A frame from the worker was malformed, too large or of a forbidden type."""


class Timeout(Exception):
    """No complete frame arrived before the deadline."""


class Closed(Exception):
    """The other side closed the channel (the worker died)."""


class Handle:
    """A reference to an object that stays in the worker (trusted side only holds the id)."""

    __slots__ = ("id", "type_name", "_call")

    def __init__(self, id_: int, type_name: str, call: Optional[Callable] = None):
        self.id = id_
        self.type_name = type_name
        self._call = call

    def __repr__(self) -> str:
        return f"<remote {self.type_name} #{self.id}>"

    def __call__(self, *args, **kwargs):
        if self._call is None:
            raise RuntimeError("this handle is not bound to a worker")
        return self._call({"handle": self.id}, None, args, kwargs)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        call = object.__getattribute__(self, "_call")

        def method(*args, **kwargs):
            if call is None:
                raise RuntimeError("this handle is not bound to a worker")
            return call({"handle": self.id}, name, args, kwargs)

        return method


class HarnessRef:
    """A reference to a public callable in ``autograder.harness`` (resolved in the worker)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class NotebookRef:
    """A reference to a global of the student's notebook (resolved in the worker)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


# -- encoding (both sides) -----------------------------------------------------
def encode(value: Any, *, handle_for: Optional[Callable[[Any], int]] = None) -> tuple[Any, dict]:
    """Encode ``value`` into (json_tree, tensors) for :func:`pack`.

    ``handle_for(obj) -> id`` is called (worker side) for objects that are not
    plain data; without it such objects raise TypeError.
    """
    tensors: dict[str, torch.Tensor] = {}

    def enc(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise TypeError("value nested too deeply")
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            return v if type(v) is int else int(v)
        if isinstance(v, float):
            return {"__f__": repr(float(v))} if (v != v or v in (float("inf"), float("-inf"))) else float(v)
        if isinstance(v, torch.dtype):
            return {"__dtype__": str(v).removeprefix("torch.")}
        if isinstance(v, torch.device):
            return {"__device__": v.type}
        if isinstance(v, torch.Tensor):
            key = f"t{len(tensors)}"
            if v.is_complex():
                raise TypeError("complex tensors are not accepted; return the real part or magnitude")
            if v.device.type == "meta":
                raise TypeError("a tensor on the meta device has no values")
            dev = v.device.type
            t = v.detach().to("cpu").contiguous()
            tensors[key] = torch.Tensor._make_subclass(torch.Tensor, t) if type(t) is not torch.Tensor else t.clone()
            return {"__t__": key, "device": dev, "requires_grad": bool(v.requires_grad)}
        if type(v).__module__ == "numpy" and hasattr(v, "dtype"):
            import numpy as np
            arr = np.asarray(v)
            if arr.dtype.kind not in "biuf":
                raise TypeError(f"numpy array of dtype {arr.dtype} is not accepted")
            key = f"t{len(tensors)}"
            tensors[key] = torch.from_numpy(np.ascontiguousarray(arr).copy())
            return {"__np__": key, "scalar": arr.ndim == 0 and not isinstance(v, np.ndarray)}
        if isinstance(v, tuple) and not hasattr(v, "_fields"):
            return {"__tuple__": [enc(x, depth + 1) for x in v]}
        if isinstance(v, list):
            return [enc(x, depth + 1) for x in v]
        if isinstance(v, dict) and all(isinstance(k, str) for k in v):
            return {"__dict__": [[k, enc(x, depth + 1)] for k, x in v.items()]}
        if isinstance(v, Handle):
            return {"__h__": v.id}
        if isinstance(v, HarnessRef):
            return {"__ref__": v.name}
        if isinstance(v, NotebookRef):
            return {"__nb__": v.name}
        if handle_for is not None:
            return {"__h__": handle_for(v), "type": type(v).__name__[:80]}
        raise TypeError(f"cannot send a {type(v).__name__} to the worker")

    return enc(value, 0), tensors


def decode(tree: Any, tensors: dict, *, resolve: Optional[Callable[[dict], Any]] = None,
           trusted: bool = True) -> Any:
    """Decode a JSON tree from :func:`encode`.

    On the trusted side (``trusted=True``) handles become unbound :class:`Handle`
    objects (bound later by the proxy) and tensors must be plain, of an allowed
    dtype.  On the worker side ``resolve(node)`` maps handle / harness / notebook
    references to live objects.
    """

    def dec(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise ProtocolError("value nested too deeply")
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [dec(x, depth + 1) for x in v]
        if isinstance(v, dict):
            if "__f__" in v:
                s = v["__f__"]
                if s not in ("nan", "inf", "-inf"):
                    raise ProtocolError("bad special float")
                return float(s)
            if "__t__" in v or "__np__" in v:
                key = v.get("__t__", v.get("__np__"))
                t = tensors.get(key) if isinstance(key, str) else None
                if t is None:
                    raise ProtocolError("reference to a missing tensor")
                if trusted and (type(t) is not torch.Tensor or t.dtype not in ALLOWED_DTYPES):
                    raise ProtocolError(f"tensor of dtype {t.dtype} is not accepted")
                return t
            if "__dtype__" in v:
                dt = getattr(torch, str(v["__dtype__"]), None)
                if not isinstance(dt, torch.dtype) or dt not in ALLOWED_DTYPES:
                    raise ProtocolError("bad dtype")
                return dt
            if "__device__" in v:
                if v["__device__"] not in ("cpu", "cuda", "meta"):
                    raise ProtocolError("bad device")
                return torch.device(v["__device__"])
            if "__tuple__" in v:
                if not isinstance(v["__tuple__"], list):
                    raise ProtocolError("bad tuple")
                return tuple(dec(x, depth + 1) for x in v["__tuple__"])
            if "__dict__" in v:
                items = v["__dict__"]
                if not isinstance(items, list) or not all(
                        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in items):
                    raise ProtocolError("bad dict")
                return {k: dec(x, depth + 1) for k, x in items}
            if "__h__" in v or "__ref__" in v or "__nb__" in v:
                if trusted:
                    if "__h__" not in v or not isinstance(v["__h__"], int):
                        raise ProtocolError("only handles may come back from the worker")
                    return Handle(v["__h__"], str(v.get("type", "object"))[:80])
                return resolve(v)
        raise ProtocolError(f"unexpected value of type {type(v).__name__}")

    return dec(tree, 0)


def _rekey(tree: Any, prefix: str) -> Any:
    if isinstance(tree, list):
        return [_rekey(x, prefix) for x in tree]
    if isinstance(tree, dict):
        out = {}
        for k, v in tree.items():
            if k in ("__t__", "__np__") and isinstance(v, str):
                out[k] = prefix + v
            else:
                out[k] = _rekey(v, prefix)
        return out
    return tree


def encode_prefixed(value: Any, prefix: str, *, handle_for: Optional[Callable[[Any], int]] = None
                    ) -> tuple[Any, dict]:
    """:func:`encode`, with every tensor key renamed ``prefix + key``: several values can then share
    one frame's tensor blob."""
    tree, tensors = encode(value, handle_for=handle_for)
    return _rekey(tree, prefix), {f"{prefix}{key}": v for key, v in tensors.items()}


def encode_call(args: tuple, kwargs: dict, *, handle_for: Optional[Callable[[Any], int]] = None
                ) -> tuple[Any, Any, dict]:
    """(args tree, kwargs tree, tensors) for one call frame: the tensors of args and kwargs share one
    blob, so the kwargs' tensor keys are renamed with a ``k`` prefix."""
    a_tree, a_t = encode(tuple(args), handle_for=handle_for)
    k_tree, k_t = encode_prefixed(dict(kwargs), "k", handle_for=handle_for)
    return a_tree, k_tree, {**a_t, **k_t}


def pack(header: dict, tensors: Optional[dict] = None) -> bytes:
    """Serialise one frame: ``<QI`` lengths, JSON header, safetensors blob (may be empty)."""
    js = json.dumps(header, allow_nan=False).encode("utf-8")
    blob = st_save(tensors) if tensors else b""
    return _LEN.pack(len(js) + len(blob), len(js)) + js + blob


def unpack(body: bytes, json_len: int) -> tuple[dict, dict]:
    """Parse a frame body into (header, tensors); raises ProtocolError on anything odd."""
    try:
        header = json.loads(body[:json_len].decode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - malformed, too deep, not UTF-8
        raise ProtocolError(f"unreadable header: {exc}") from None
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    blob = body[json_len:]
    tensors = {}
    if blob:
        try:
            tensors = st_load(bytes(blob))
        except Exception as exc:  # noqa: BLE001 - any parse failure is a protocol error
            raise ProtocolError(f"unreadable tensor blob: {exc}") from None
    return header, tensors


#: Seconds a frame may wait for the other side to make room in the pipe (a worker that
#: stops reading its requests must not hang the grader).
WRITE_TIMEOUT = 60.0


def write_frame(fd: int, data: bytes, timeout: Optional[float] = WRITE_TIMEOUT) -> None:
    """Write one frame; raise :class:`TimeoutError` (an ``OSError``) when the reader makes
    no room for ``timeout`` seconds (``None``: wait forever)."""
    view = memoryview(data)
    blocking = os.get_blocking(fd)
    if timeout is not None and blocking:
        os.set_blocking(fd, False)
    try:
        while view:
            if timeout is not None:
                _, ready, _ = select.select([], [fd], [], timeout)
                if not ready:
                    raise TimeoutError(f"the other side read nothing for {timeout:g} s")
            try:
                n = os.write(fd, view)
            except BlockingIOError:
                continue
            view = view[n:]
    finally:
        if timeout is not None and blocking:
            os.set_blocking(fd, True)


def read_frame(fd: int, deadline: Optional[float], max_frame: int = MAX_FRAME) -> tuple[dict, dict]:
    """Read one frame from ``fd`` before ``deadline`` (time.monotonic), or raise Timeout/Closed."""
    def read_exact(n: int) -> bytes:
        chunks = []
        while n:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise Timeout()
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise Closed()
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    total, json_len = _LEN.unpack(read_exact(_LEN.size))
    if total > max_frame or json_len > min(total, MAX_HEADER):
        raise ProtocolError(f"frame of {total} bytes exceeds the limit of {max_frame}")
    return unpack(read_exact(total), json_len)
