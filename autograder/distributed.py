"""Grade a batch on a Dask cluster (``autograder batch --scheduler tcp://HOST:8786``).

Each submission is one Dask task.  The task carries the notebook's bytes (no
shared file system is needed); the Dask worker grades it exactly like a local
pool process (warm zygote, fresh isolated student process) and returns the
report as plain data; the client writes every result file atomically as soon as
its task finishes, so a batch on a cluster is resumable and lossless like a
local one: a rerun skips finished submissions, and Dask re-runs the tasks of a
worker that died (a submission that kills workers ``allowed-failures`` times
gets a zero-score record with the reason).

GPU runners are Dask workers started with a ``GPU`` resource; ``--device
cuda`` gives every task the resource requirement ``{"GPU": 1}``, so those tasks
run only there, one per GPU at a time::

    dask scheduler --host 10.0.0.1                                     # port 8786
    dask worker tcp://10.0.0.1:8786 --nworkers 4 --nthreads 1 --preload autograder.distributed
    dask worker tcp://10.0.0.1:8786 --nworkers 1 --nthreads 1 --resources GPU=1 \\
        --preload autograder.distributed                               # on each GPU machine
    autograder batch ch2_vae --course COURSE --scheduler tcp://10.0.0.1:8786 --device cuda

Start workers with ``--nthreads 1`` (one submission per worker process; the
grader runs pytest in-process, which is not thread-safe; a process-wide lock
serialises tasks anyway).  ``--preload autograder.distributed`` imports the
engine and starts the warm zygote when the worker starts.  On SLURM, use
dask-jobqueue's ``SLURMCluster(cores=1, processes=1, memory="4GB",
job_extra_directives=["--gres=gpu:1"], worker_extra_args=["--resources", "GPU=1",
"--preload", "autograder.distributed"])`` and pass ``cluster.scheduler_address``.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Callable, Optional

from .batch import GradeTask, freeze_heap, grade_data, split_finished, write_outputs, zero_report
from .results import GradeReport

_lock = threading.Lock()
_graded = [0]


def resources_for(task: GradeTask) -> Optional[dict]:
    """Dask resource requirements of a task: CUDA tasks need a worker with a GPU."""
    return {"GPU": 1} if task.config.device == "cuda" else None


def task_key(task: GradeTask, payload: bytes) -> str:
    digest = hashlib.sha256(payload + repr((task.assignment, task.config.device, task.config.lang)).encode()).hexdigest()[:16]
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in task.student)[:60]
    return f"autograder-grade-{safe}-{digest}"


def grade_remote(task: GradeTask, payload: bytes) -> dict:
    """Runs on a Dask worker: grade the notebook ``payload`` and return the report as plain data."""
    with _lock, tempfile.TemporaryDirectory(prefix="autograder-dask-") as tmp:
        nb = Path(tmp) / (Path(task.path).name or "submission.ipynb")
        nb.write_bytes(payload)
        data = grade_data(replace(task, path=str(nb), result_path=None, gradescope_path=None), html=False)
        data.setdefault("_timing", {})["dask_worker"] = os.environ.get("DASK_WORKER_NAME", "") or str(os.getpid())
        _graded[0] += 1
        if _graded[0] == 1:
            freeze_heap()
        return data


def grade_tasks_dask(tasks: list[GradeTask], scheduler_address: str, force: bool = False,
                     on_done: Optional[Callable[[GradeTask, GradeReport], None]] = None, *,
                     connect_timeout: float = 30.0) -> list[GradeReport]:
    """Grade ``tasks`` on the Dask cluster at ``scheduler_address``; reports in task order."""
    from distributed import Client, as_completed

    reports, todo = split_finished(tasks, force, on_done)
    if not todo:
        return [reports[i] for i in range(len(tasks))]
    with Client(scheduler_address, timeout=connect_timeout, set_as_default=False) as client:
        futures = {}
        for i in todo:
            t = tasks[i]
            payload = Path(t.path).read_bytes()
            fut = client.submit(grade_remote, t, payload, key=task_key(t, payload), pure=False,
                                resources=resources_for(t), retries=1)
            futures[fut] = i
        for fut in as_completed(list(futures), loop=client.loop):
            i = futures[fut]
            t = tasks[i]
            try:
                data = fut.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker or an error: zero with the reason
                data = zero_report(t, f"The cluster could not grade this submission: {type(exc).__name__}: "
                                       f"{str(exc)[:500]}",
                                    f"クラスタでこの提出物を採点できませんでした: {type(exc).__name__}").to_dict()
            reports[i] = write_outputs(t, data)
            if on_done:
                on_done(t, reports[i])
            fut.release()
    return [reports[i] for i in range(len(tasks))]


def dask_setup(worker=None) -> None:  # ``dask worker --preload autograder.distributed``
    """Warm a Dask worker: import torch, pytest and the engine before the first task (the zygote
    starts with the first task, since what it preloads depends on the assignment)."""
    from .batch import preload

    preload()
    freeze_heap()
