"""Jupyter kernels forked from a warm template process, for the report runner.

jupyter_client's side of :mod:`analysis.template`: :class:`ForkProvisioner`
is the provisioner that launches a kernel by asking the template to fork
(kernels whose kernel spec does not run this interpreter's
``ipykernel_launcher`` are launched the usual way); jupyter_client, nbclient
and papermill then talk to a forked kernel exactly as to any other.
:class:`HeartlessClient` connects quickly and notices a dead kernel, and
:class:`SharedClientKernelManager` lets papermill reuse the runner's client.
The template's preloads are visible only as speed: modules are already
imported and the default lexicon already cached.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.channels import ZMQSocketChannel
from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Type

from analysis.template import KernelTemplate


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


# A report's kernels keep no IPython history. Each would otherwise open the
# user's ``history.sqlite``, commit a new session and its cells to it and run a
# thread that saves them: about 0.07 s off every report (A/B medians), and the
# file no longer grows by four sessions per report.
KERNEL_ARGUMENTS = ("--HistoryManager.enabled=False",)


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
    km.start_kernel(cwd=str(cwd), extra_arguments=list(KERNEL_ARGUMENTS))
    if template is None and niceness:
        renice(km, niceness)  # a forked kernel sets its own
    return km


def renice(km: KernelManager, niceness: int) -> None:
    """Run a started kernel at CPU priority ``niceness`` (where the system supports it)."""
    pid = getattr(km.provisioner, "pid", None)
    if pid and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
