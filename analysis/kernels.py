"""Jupyter kernels forked from a warm template process, for the report runner.

A report runs four notebooks, each on a fresh kernel. Started the usual way
(``python -m ipykernel_launcher``), every kernel imports IPython, pandas,
matplotlib and the analysis modules from scratch and loads the lexicon and
the fonts: about 1 s of CPU each, four times over. On Linux the runner
instead starts one *template* process that does this work once and then
forks a kernel per notebook. Each forked kernel is a real ipykernel process
with its own connection file, working folder, environment, process group and
PID; jupyter_client, nbclient and papermill talk to it exactly as to any
other kernel. The template's preloads are visible only as speed: modules are
already imported and the default lexicon already cached.

:class:`KernelTemplate` is the runner's handle on the template process and
:class:`ForkProvisioner` the jupyter_client provisioner that launches a
kernel by asking the template to fork. Kernels whose kernel spec does not
run this interpreter's ``ipykernel_launcher`` are launched the usual way.
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

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.channels import ZMQSocketChannel
from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Type

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

    module = "analysis.kernels"  # run with ``python -m`` as the template process

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


class _ForkedProcess:
    """The ``subprocess.Popen`` surface jupyter_client uses, for a kernel the template forked.

    The kernel is the template's child, not ours, so liveness is checked with
    signal 0; the template reaps its children at once, so a dead kernel's PID
    disappears.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._signal = 0

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -self._signal
            except PermissionError:  # the PID was reused by another user's process
                self.returncode = -self._signal
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            self._signal = signum
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """Launch the kernel by forking :attr:`template` when the kernel spec allows it."""

    template: KernelTemplate | None = None
    niceness: int = 0

    def _forkable(self, cmd: list[str]) -> bool:
        return (
            self.template is not None
            and len(cmd) >= 3
            and os.path.realpath(cmd[0]) == os.path.realpath(sys.executable)
            and cmd[1:3] == ["-m", "ipykernel_launcher"]
        )

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if not self._forkable(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        assert self.template is not None
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        pid = self.template.fork(cmd[3:], cwd=cwd, env=env, niceness=self.niceness)
        self.process = _ForkedProcess(pid)  # type: ignore[assignment]
        self.pid, self.pgid, self.cwd = pid, pid, cwd  # the kernel leads its own session
        return self.connection_info

    async def wait(self) -> int | None:
        """As :class:`LocalProvisioner`, polling every 10 ms instead of 100 ms."""
        import asyncio

        if isinstance(self.process, _ForkedProcess):
            while self.process.poll() is None:
                await asyncio.sleep(0.01)
            code = self.process.returncode
            self.process = None
            return code
        return await super().wait()


class _WatchfulChannel(ZMQSocketChannel):
    """A blocking channel whose endless waits notice when the kernel has died.

    nbclient waits for IOPub and shell messages with no timeout. With a
    blocking client that wait holds nbclient's event loop, so its own
    dead-kernel check never runs and a kernel that crashes (a segfault, the
    OOM killer, ``os._exit``) would hang the report for ever. Here an endless
    wait is cut into half-second waits, between which :attr:`kernel_alive`
    is asked; a dead kernel raises nbclient's ``DeadKernelError``.
    """

    kernel_alive: Any = None

    def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        if timeout is not None or self.kernel_alive is None:
            return super().get_msg(timeout=timeout)
        from queue import Empty

        while True:
            try:
                return super().get_msg(timeout=0.5)
            except Empty:
                if not self.kernel_alive():
                    from nbclient.exceptions import DeadKernelError

                    raise DeadKernelError("Kernel died") from None


class HeartlessClient(BlockingKernelClient):
    """A blocking kernel client without a heartbeat that notices a dead kernel.

    Its channels may be started again (the heartbeat is a thread, which can
    start only once), and it stops at once (a heartbeat thread can take up to
    a second). Liveness comes from the kernel manager's process, as for any
    client that has one; waits without a timeout end with ``DeadKernelError``
    when the kernel dies (:class:`_WatchfulChannel`).
    """

    shell_channel_class = Type(_WatchfulChannel)
    iopub_channel_class = Type(_WatchfulChannel)
    last_code: str | None = None  # what was last sent to run: names the cell a dead kernel was in

    def _context_default(self) -> Any:
        import zmq

        context = super()._context_default()
        # The client may connect before a just-forked kernel has bound its
        # sockets; zmq then retries after RECONNECT_IVL, 100 ms by default.
        context.setsockopt(zmq.RECONNECT_IVL, 10)
        return context

    def execute(self, code: str, *args: Any, **kwargs: Any) -> str:
        self.last_code = code
        return super().execute(code, *args, **kwargs)

    def start_channels(self, shell=True, iopub=True, stdin=True, hb=True, control=True) -> None:
        super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)
        for channel in (self.shell_channel, self.iopub_channel):
            channel.kernel_alive = self._kernel_alive

    def _kernel_alive(self) -> bool:
        """Whether the kernel process still runs (True when this client cannot tell)."""
        provisioner = getattr(self.parent, "provisioner", None)
        if provisioner is None:
            return True
        process = getattr(provisioner, "process", None)
        return process is not None and process.poll() is None

    def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers on shell and IOPub is connected.

        As jupyter_client's ``wait_for_ready``, which waits 0.2 s for IOPub
        after each kernel_info reply and then 0.2 s more to flush it (0.4 s
        per client even on an idle kernel); here IOPub is polled every 20 ms
        and flushed without waiting.
        """
        import time
        from queue import Empty

        deadline = time.monotonic() + (60.0 if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = self.get_shell_msg(timeout=0.5)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    self.get_iopub_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if isinstance(self.parent, KernelManager) and not self.parent.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
        while True:
            try:
                self.get_iopub_msg(timeout=0)
            except Empty:
                break


class SharedClientKernelManager(KernelManager):
    """A KernelManager whose :meth:`client` can hand out one already connected client.

    Every new client waits in ``wait_for_ready`` until its IOPub socket has
    seen a message, which costs 0.2 s even on an idle kernel; nbclient makes
    a new client per notebook. The runner connects one client while the
    kernel starts and sets :attr:`shared_client` to it, so nbclient reuses it.
    """

    shared_client: Any = None

    def client(self, **kwargs: Any) -> Any:
        if self.shared_client is not None:
            return self.shared_client
        return super().client(**kwargs)


def kernel_manager(
    cwd: Path, *, template: KernelTemplate | None, niceness: int = 0, **kw: Any
) -> SharedClientKernelManager:
    """A started KernelManager in ``cwd``: forked from ``template`` if given, else launched."""
    import uuid

    km = SharedClientKernelManager(
        kernel_id=str(uuid.uuid4()), client_class="analysis.kernels.HeartlessClient", **kw
    )
    if template is not None:
        provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
        provisioner.template, provisioner.niceness = template, niceness
        km.provisioner = provisioner
    km.start_kernel(cwd=str(cwd))
    if template is None and niceness:
        renice(km, niceness)  # a forked kernel sets its own
    return km


def renice(km: KernelManager, niceness: int) -> None:
    """Run a started kernel at CPU priority ``niceness`` (where the system supports it)."""
    pid = getattr(km.provisioner, "pid", None)
    if pid and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, niceness)


# --------------------------------------------------------------------------
# The template process (``python -m analysis.kernels FD``)


# Modules a kernel imports as it starts and runs a notebook (found by diffing
# ``sys.modules``): ipykernel's debugger pulls in debugpy, about 0.1 s a kernel.
# A name missing from another version of a library is skipped.
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

    debugpy warns on stderr at import that frozen modules may hide breakpoints.
    In a kernel that warning goes to the kernel's captured output; here it
    would reach the terminal, so it is turned off for the import (kernels
    get the runner's environment, not this one).
    """
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
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
