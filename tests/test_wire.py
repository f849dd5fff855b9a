"""The worker protocol decodes only plain data: no pickles, no objects, bounded sizes."""
from __future__ import annotations

import os
import pickle
import struct

import numpy as np
import pytest
import torch

from genmodels_lab.runtime import wire


def roundtrip_frame(header, tensors=None):
    r, w = os.pipe()
    try:
        wire.write_frame(w, wire.pack(header, tensors))
        return wire.read_frame(r, None)
    finally:
        os.close(r)
        os.close(w)


def test_values_roundtrip_as_plain_data():
    value = {"a": (torch.arange(6.0).reshape(2, 3), [1, 2.5, None, True, "s"]), "n": np.float32(3.0),
             "arr": np.ones((2, 2)), "inf": float("inf")}
    tree, tensors = wire.encode(value)
    header, blobs = roundtrip_frame({"value": tree}, tensors)
    out = wire.decode(header["value"], blobs)
    torch.testing.assert_close(out["a"][0], torch.arange(6.0).reshape(2, 3))
    assert out["a"][1] == [1, 2.5, None, True, "s"]
    assert type(out["arr"]) is torch.Tensor and out["arr"].dtype == torch.float64
    assert out["inf"] == float("inf")


def test_objects_become_handles_never_pickles():
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    table = {}
    tree, _ = wire.encode({"m": Evil()}, handle_for=lambda o: table.setdefault(id(o), len(table) + 1))
    out = wire.decode(tree, {})
    assert isinstance(out["m"], wire.Handle)
    with pytest.raises(TypeError):
        wire.encode(Evil())  # the trusted side never encodes arbitrary objects


def test_pickle_bytes_are_a_protocol_error():
    payload = pickle.dumps({"x": 1})
    r, w = os.pipe()
    os.write(w, struct.pack("<QI", len(payload), len(payload)) + payload)
    with pytest.raises(wire.ProtocolError):
        wire.read_frame(r, None)
    os.close(r)
    os.close(w)


def test_forged_references_are_rejected():
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__ref__": "os.system"}, {})
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__t__": "missing"}, {})
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__f__": "__import__('os')"}, {})
    deep = []
    cur = deep
    for _ in range(wire.MAX_DEPTH + 5):
        cur.append([])
        cur = cur[0]
    with pytest.raises(wire.ProtocolError):
        wire.decode(deep, {})


def test_oversized_frames_are_refused_before_reading():
    r, w = os.pipe()
    os.write(w, struct.pack("<QI", wire.MAX_FRAME + 1, 10))
    with pytest.raises(wire.ProtocolError, match="exceeds"):
        wire.read_frame(r, None)
    os.close(r)
    os.close(w)


def test_tensor_subclasses_arrive_as_plain_tensors():
    class Liar(torch.Tensor):
        def __eq__(self, other):
            return True

    t = torch.Tensor._make_subclass(Liar, torch.zeros(3))
    tree, tensors = wire.encode(t)
    header, blobs = roundtrip_frame({"v": tree}, tensors)
    out = wire.decode(header["v"], blobs)
    assert type(out) is torch.Tensor
    assert not torch.equal(out, torch.ones(3))


def test_timeout_and_closed_channel():
    r, w = os.pipe()
    with pytest.raises(wire.Timeout):
        import time
        wire.read_frame(r, time.monotonic() + 0.1)
    os.close(w)
    with pytest.raises(wire.Closed):
        wire.read_frame(r, None)
    os.close(r)


def test_dtypes_and_devices_travel_as_names():
    tree, tensors = wire.encode((torch.float64, torch.device("cpu")))
    assert wire.decode(tree, tensors) == (torch.float64, torch.device("cpu"))
    with pytest.raises(wire.ProtocolError):
        wire.decode({"__dtype__": "__class__"}, {})
