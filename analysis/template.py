"""The kernel template: a warm process that forks the report's Jupyter kernels.

Started the usual way (``python -m ipykernel_launcher``), every kernel of a
report imports IPython, pandas, matplotlib and the analysis modules from
scratch and loads the lexicon: about 1 s of CPU each, four times over. On
Linux the runner instead starts one *template* process (``python -m
analysis.template``) that does this work once and then forks a kernel per
notebook. Each forked kernel is a real ipykernel process with its own
connection file, working folder, environment, process group and PID.

:class:`KernelTemplate` is the runner's handle on the template process. This
module imports only the standard library, so the runner can start the
template before it imports jupyter_client (0.1 s); the jupyter_client side
(the provisioner that asks the template to fork) is :mod:`analysis.kernels`.
``MAWAQIF_KERNELS=standard`` turns forking off; it is also off where
``os.fork`` is unavailable or unsafe (anything but Linux).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from analysis.errors import MawaqifError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def forking_available() -> bool:
    """Whether kernels can be forked from a template here (Linux, not switched off)."""
    if os.environ.get("MAWAQIF_KERNELS", "").strip().lower() == "standard":
        return False
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class KernelTemplate:
    """A warm process that forks Jupyter kernels on request.

    The template starts at once and preloads in the background; :meth:`fork`
    waits for it. Stop it with :meth:`close`; the kernels it forked watch it
    (ipykernel's parent poller) and exit if it goes away first.
    """

    module = "analysis.template"  # run with ``python -m`` as the template process

    def __init__(self) -> None:
        read_fd, self._write_fd = os.pipe()
        self._lock = threading.Lock()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module, str(self._write_fd)],
                stdin=subprocess.PIPE,
                pass_fds=(self._write_fd,),
                cwd=PACKAGE_ROOT,
                start_new_session=True,
            )
        except OSError as exc:
            os.close(read_fd)
            os.close(self._write_fd)
            raise MawaqifError(f"cannot start the kernel template: {exc.strerror}") from None
        os.close(self._write_fd)
        self._replies = os.fdopen(read_fd, "r", encoding="utf-8")
        self._ready: dict[str, Any] | None = None

    def _reply(self) -> dict[str, Any]:
        line = self._replies.readline()
        if not line:
            code = self.process.wait()
            raise MawaqifError(f"the kernel template exited (status {code}) before answering")
        return json.loads(line)

    def wait_ready(self) -> dict[str, Any]:
        """Block until the template has preloaded; its report (pid, preload seconds)."""
        with self._lock:
            if self._ready is None:
                self._ready = self._reply()
                if "error" in self._ready:
                    raise MawaqifError(f"kernel template: {self._ready['error']}")
            return self._ready

    def fork(self, argv: list[str], *, cwd: str, env: dict[str, str], niceness: int = 0) -> int:
        """Fork a kernel running ``ipykernel_launcher`` with ``argv``; its PID."""
        self.wait_ready()
        request = {"argv": argv, "cwd": cwd, "env": env, "niceness": niceness}
        with self._lock:
            assert self.process.stdin is not None
            try:
                self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
                self.process.stdin.flush()
            except OSError as exc:
                raise MawaqifError(f"the kernel template is gone: {exc.strerror}") from None
            reply = self._reply()
        if "error" in reply:
            raise MawaqifError(f"kernel template: {reply['error']}")
        return int(reply["pid"])

    def close(self) -> None:
        """Stop the template (kernels already forked are stopped by their managers)."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        self._replies.close()


KERNEL_MODULES = (
    "sqlite3",
    "ipykernel.ipkernel",
    "ipykernel.kernelapp",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "faulthandler",
    "tornado.platform.asyncio",
    "zmq.utils.garbage",
    "pandas",
    "pandas.io.formats.csvs",
    "pandas.io.formats.string",
    "pyarrow.pandas_compat",
    "analysis.network",
    "analysis.pipeline",
    "analysis.report",
    "analysis.runner",
)


def _import_all(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def _preload_common() -> None:
    """Import what every notebook kernel needs: IPython's kernel, pandas, the analysis modules.

    The kernels run notebooks unattended, so they go without ipykernel's
    debugger: a ``None`` entry for ``debugpy`` makes ipykernel find it missing,
    as where it is not installed (the kernel then offers no debugging). That
    keeps debugpy and pydevd out of the template, about 0.07 s of CPU before
    the first kernel can fork, and spares each kernel setting up a debugger.
    """
    sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]
    _import_all(KERNEL_MODULES)


def _preload_parser() -> None:
    """Load the lexicon and compile the patterns (notebook 01 parses first)."""
    from analysis.lexicon import load_lexicon
    from analysis.pipeline import parse

    parse("قال الجيش إن الهدنة صامدة.", lexicon=load_lexicon())


def _preload_charts() -> None:
    """Import networkx, matplotlib (figure, Agg and SVG backends) and the chart modules."""
    from analysis.runner import warm_kernel

    warm_kernel(charts=True)


def _stdin_from_devnull() -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)


def _child(request: dict[str, Any], close_fds: tuple[int, ...], template_pid: int) -> None:
    """Become the kernel (runs in the forked child; never returns)."""
    code = 1
    try:
        gc.enable()  # the templates run without the cyclic collector (see serve)
        os.setsid()
        for fd in close_fds:
            os.close(fd)
        _stdin_from_devnull()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if request.get("niceness"):
            os.nice(int(request["niceness"]))
        if "matplotlib" in sys.modules:  # imported before the kernel chose its backend
            backend = os.environ.get("MPLBACKEND") or "module://matplotlib_inline.backend_inline"
            sys.modules["matplotlib"].rcParams["backend"] = backend
        import ipykernel_launcher
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
        if sys.path and sys.path[0] in ("", str(PACKAGE_ROOT)):
            del sys.path[0]  # as ipykernel_launcher does; the kernel adds its own folder back
        watch = f"--IPKernelApp.parent_handle={template_pid}"  # exit if the template dies
        IPKernelApp.launch_instance(argv=[*request["argv"], watch])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        os._exit(code)


def _fork_kernel(line: bytes, replies: Any, close_fds: tuple[int, ...]) -> None:
    """Fork one kernel for a request line and answer with its PID (or an error)."""
    request = json.loads(line)
    gc.freeze()  # what the template made stays shared: the kernel's collector never scans it
    try:
        pid = os.fork()
    except OSError as exc:
        replies.write(json.dumps({"error": f"fork failed: {exc.strerror}"}) + "\n")
        return
    if pid == 0:
        _child(request, close_fds, os.getppid())
    replies.write(json.dumps({"pid": pid}) + "\n")


def _start_chart_branch(replies: Any) -> Any:
    """Fork the chart branch: a second template that loads matplotlib, then forks kernels.

    It runs beside the template, which meanwhile loads the lexicon for the
    first kernel. It reads the requests the template passes on from a pipe
    (returned, for writing) and answers on the template's reply pipe; when
    the template goes, the pipe closes and the branch exits. Returns None if
    it could not be forked (the template then forks every kernel itself).
    """
    read_fd, write_fd = os.pipe()
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:
        code = 0
        try:
            os.close(write_fd)
            _stdin_from_devnull()  # the runner's requests are the template's to read
            with contextlib.suppress(Exception):  # a kernel imports what is missing itself
                _preload_charts()
            signal.signal(signal.SIGCHLD, signal.SIG_IGN)
            with os.fdopen(read_fd, "rb") as requests:
                for line in requests:
                    _fork_kernel(line, replies, (requests.fileno(), replies.fileno()))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(read_fd)
    return os.fdopen(write_fd, "wb", buffering=0)


def serve(reply_fd: int) -> None:
    """The template's main loop: preload, then fork a kernel per request line on stdin.

    After the common imports the template forks its chart branch, which loads
    matplotlib while the template loads the lexicon: the first kernel
    (notebook 01, which parses) is forked from the template, every later one
    (notebooks that draw) from the branch, so neither waits for the other's
    preload and the two run on two cores.

    The templates run with the cyclic garbage collector off, as Python's
    ``gc`` documentation advises for a process that forks workers: the
    preloads make few reference cycles, and full collections of the growing
    heap cost them about 0.3 s of CPU. Everything is frozen (``gc.freeze``)
    before each fork and each kernel switches the collector back on, so a
    kernel's collections scan only its own objects and never write to the
    pages it shares with the template (which would copy them).
    """
    import time

    gc.disable()
    replies = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)
    start = time.process_time()
    try:
        _preload_common()
        branch = _start_chart_branch(replies)
        _preload_parser()
    except Exception as exc:
        replies.write(json.dumps({"error": f"preload failed: {type(exc).__name__}: {exc}"}) + "\n")
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they exit
    ready = {"pid": os.getpid(), "preload_cpu": round(time.process_time() - start, 3)}
    replies.write(json.dumps(ready) + "\n")
    for count, line in enumerate(sys.stdin.buffer):
        if count and branch is not None:
            try:
                branch.write(line)
                continue
            except OSError:  # the branch is gone: fork the rest here, without its preload
                with contextlib.suppress(OSError):
                    branch.close()
                branch = None
        _fork_kernel(line, replies, (reply_fd,) if branch is None else (reply_fd, branch.fileno()))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
