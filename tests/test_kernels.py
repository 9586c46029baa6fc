"""Tests for analysis.template and analysis.kernels: Jupyter kernels forked from a warm template.

Tests marked ``slow`` start a template process and kernels.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_runner import notebooks_with

import analysis.template
from analysis import kernels, runner
from analysis.template import KERNEL_MODULES, KernelTemplate, forking_available

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4e5fc412234f2c9f.txt"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="kernels are forked on Linux only"
)


def test_forking_available_off_when_asked(monkeypatch):
    monkeypatch.setenv("MAWAQIF_KERNELS", "standard")
    assert not forking_available()


@linux_only
def test_forking_available_on_linux_by_default(monkeypatch):
    monkeypatch.delenv("MAWAQIF_KERNELS", raising=False)
    assert forking_available()


def test_forked_process_poll_wait_and_kill():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        process = kernels._ForkedProcess(child.pid)
        assert process.poll() is None
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)
        process.kill()
        child.wait(timeout=10)  # reap it, as the template does for its kernels
        assert process.wait(timeout=5) == -signal.SIGKILL
        assert process.poll() == -signal.SIGKILL
        process.kill()  # a dead kernel is not signalled again
    finally:
        child.kill()
        child.wait()


def test_fork_provisioner_launches_foreign_kernel_specs_the_usual_way():
    provisioner = kernels.ForkProvisioner.__new__(kernels.ForkProvisioner)
    provisioner.template = object()  # type: ignore[assignment]
    python = sys.executable
    assert provisioner._forkable([python, "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not provisioner._forkable(["/usr/bin/R", "--slave", "-f", "c.json"])
    assert not provisioner._forkable([python, "-m", "other_kernel", "-f", "c.json"])
    provisioner.template = None
    assert not provisioner._forkable([python, "-m", "ipykernel_launcher", "-f", "c.json"])


def _run(client, code: str) -> str:
    """Execute ``code`` on a kernel and return what it printed."""
    msg_id = client.execute(code)
    out = []
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise AssertionError(msg["content"]["evalue"])
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


@pytest.mark.slow
@linux_only
def test_kernel_manager_forks_a_preloaded_kernel_in_its_folder(tmp_path):
    template = KernelTemplate()
    try:
        km = kernels.kernel_manager(tmp_path, template=template, kernel_name="python3", niceness=3)
        try:
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            assert km.shared_client is None and isinstance(client, kernels.HeartlessClient)
            code = (
                "import os, sys; print(os.getcwd()); print(os.getppid()); "
                "print('analysis.pipeline' in sys.modules, os.nice(0))"
            )
            cwd, ppid, preloaded = _run(client, code).splitlines()
            assert Path(cwd) == tmp_path
            assert int(ppid) == template.wait_ready()["pid"]
            assert preloaded == "True 3"
            assert _run(client, "print(1 + 1)") == "2\n"
            client.stop_channels()
        finally:
            pid = km.provisioner.pid
            km.shutdown_kernel(now=True)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the forked kernel outlived its shutdown")
    finally:
        template.close()


def test_kernel_modules_exist_in_this_environment():
    # the template skips a missing name; a renamed module would quietly cost
    # every kernel its import again, so the list is checked against the lock file
    import importlib

    for name in KERNEL_MODULES:
        importlib.import_module(name)


@contextlib.contextmanager
def _template_and_kernels():
    """A kernel template and a list for the managers of the kernels forked from it;
    on the way out the kernels are shut down and the template is closed."""
    template = KernelTemplate()
    managers: list = []
    try:
        yield template, managers
    finally:
        for km in managers:
            km.shutdown_kernel(now=True)
        template.close()


def _run_in_forked_kernel(template, cwd, code: str, managers: list) -> str:
    """Fork a kernel from ``template``, run ``code`` on it and return what it printed;
    its manager is added to ``managers`` for the caller to shut down."""
    km = kernels.kernel_manager(cwd, template=template, kernel_name="python3")
    managers.append(km)
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        return _run(client, code)
    finally:
        client.stop_channels()


def _gone(pid: int, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
@linux_only
def test_template_forks_the_parser_kernel_then_chart_kernels_from_its_branch(tmp_path):
    with _template_and_kernels() as (template, managers):
        template_pid = template.wait_ready()["pid"]
        # the templates run without the cyclic collector; a kernel has it back, and
        # what it inherited is frozen (its collections never scan shared pages);
        # the kernels have no debugger (debugpy is kept out of the template)
        code = (
            "import gc, os, sys; "
            "print(os.getppid(), 'analysis.pipeline' in sys.modules, 'matplotlib' in sys.modules, "
            "sys.modules.get('debugpy', 0) is None, not hasattr(get_ipython().kernel, 'debugger'), "
            "gc.isenabled(), gc.get_freeze_count() > 100_000)"
        )
        seen = [_run_in_forked_kernel(template, tmp_path, code, managers).split() for _ in range(3)]
        (first_parent, *first), *later = seen
        assert int(first_parent) == template_pid and first == ["True", "False"] + ["True"] * 4
        branch = {int(parent) for parent, *_ in later}
        assert len(branch) == 1 and template_pid not in branch
        assert all(flags == ["True"] * 6 for _, *flags in later)
        branch_pid = branch.pop()
    assert _gone(branch_pid), "the chart branch outlived its template"


@pytest.mark.slow
@linux_only
def test_template_forks_kernels_itself_when_its_chart_branch_is_gone(tmp_path):
    with _template_and_kernels() as (template, managers):
        template_pid = template.wait_ready()["pid"]
        children = Path(f"/proc/{template_pid}/task/{template_pid}/children").read_text()
        (branch_pid,) = map(int, children.split())  # before any kernel: the branch alone
        os.kill(branch_pid, signal.SIGKILL)
        assert _gone(branch_pid)
        for _ in range(2):  # the first kernel is the template's own; the second was the branch's
            printed = _run_in_forked_kernel(
                template, tmp_path, "import os; print(os.getppid())", managers
            )
            assert printed.split() == [str(template_pid)]


@pytest.mark.slow
def test_kernel_template_gone_is_one_line():
    template = KernelTemplate()
    template.process.kill()  # gone before it could answer
    try:
        with pytest.raises(runner.MawaqifError, match="kernel template exited"):
            template.wait_ready()
    finally:
        template.close()


@pytest.mark.slow
@linux_only
def test_run_report_forked_and_launched_kernels_give_identical_reports(tmp_path, monkeypatch):
    outputs = {}
    for mode in ("fork", "standard"):
        monkeypatch.setenv("MAWAQIF_KERNELS", mode)
        root = tmp_path / f"run-{mode}-kernels"
        runner.run_report(
            SEED, date="2020-05-30", reports_root=root / "reports", figures_root=root / "figures"
        )
        outputs[mode] = {
            p.relative_to(root).as_posix(): p.read_bytes().replace(root.name.encode(), b"RUN")
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }
    assert len(outputs["fork"]) > 20
    assert outputs["fork"].keys() == outputs["standard"].keys()
    assert [n for n, data in outputs["fork"].items() if data != outputs["standard"][n]] == []


class _BrokenTemplate(KernelTemplate):
    module = "analysis.no_such_module"


@pytest.mark.slow
@linux_only
def test_run_report_falls_back_when_the_template_fails(tmp_path, monkeypatch, capfd):
    monkeypatch.delenv("MAWAQIF_KERNELS", raising=False)
    monkeypatch.setattr(analysis.template, "KernelTemplate", _BrokenTemplate)
    out = runner.run_report(
        SEED,
        date="2020-05-30",
        reports_root=tmp_path / "reports",
        figures_root=tmp_path / "figures",
    )
    assert (out / "report.html").is_file() and (out / "04_report.ipynb").is_file()
    warnings = [line for line in capfd.readouterr().err.splitlines() if "mawaqif:" in line]
    assert len(warnings) == 1 and "kernel template exited" in warnings[0]
    assert warnings[0].endswith("starting kernels the usual way")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["fork", "standard"])
def test_run_report_kernel_death_is_one_line(tmp_path, monkeypatch, mode):

    monkeypatch.setenv("MAWAQIF_KERNELS", mode)
    notebooks, index = notebooks_with(
        tmp_path, "03_network.ipynb", "write_networks", "import os; os._exit(1)"
    )
    start = time.monotonic()
    with pytest.raises(runner.MawaqifError) as info:
        runner.run_report(
            SEED, date="2020-05-30", reports_root=tmp_path / "reports",
            figures_root=tmp_path / "figures", notebooks_dir=notebooks,
        )  # fmt: skip
    message = str(info.value)
    assert message.startswith(f"notebook 03_network.ipynb, cell {index + 1} (import os")
    assert "\n" not in message and "DeadKernelError" in message
    assert time.monotonic() - start < 60
    assert not (tmp_path / "reports" / SEED.stem).exists()


@pytest.mark.slow
def test_cli_report_kernel_death_prints_one_line_and_exits_2(tmp_path):

    notebooks, index = notebooks_with(
        tmp_path, "02_stances.ipynb", "charts.timeline", "import os; os._exit(1)"
    )
    script = (
        "import sys; from pathlib import Path; from analysis import cli, runner; "
        f"runner.NOTEBOOKS_DIR = Path({str(notebooks)!r}); "
        f"sys.exit(cli.main(['report', {str(SEED)!r}, '--reports', {str(tmp_path / 'r')!r}, "
        f"'--figures', {str(tmp_path / 'f')!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"mawaqif: error: notebook 02_stances.ipynb, cell {index + 1} (")


def test_heartless_client_sockets_retry_a_connection_quickly(tmp_path):
    # a client that connects before a just-forked kernel has bound its socket
    # retries after RECONNECT_IVL: zmq's default of 100 ms delayed every kernel
    import zmq

    client = kernels.HeartlessClient(
        transport="ipc", ip=str(tmp_path / "k"), shell_port=1, iopub_port=2, stdin_port=3,
        control_port=4, hb_port=5,
    )  # fmt: skip
    client.start_channels()
    try:
        for channel in (client.shell_channel, client.iopub_channel, client.control_channel):
            assert channel.socket.getsockopt(zmq.RECONNECT_IVL) == 10
    finally:
        client.stop_channels()


@pytest.mark.slow
@pytest.mark.parametrize("forked", [True, False], ids=["forked", "standard"])
def test_kernels_keep_no_ipython_history(tmp_path, monkeypatch, forked):
    if forked and not forking_available():
        pytest.skip("kernels are forked on Linux only")
    ipython_dir = tmp_path / "ipython"
    monkeypatch.setenv("IPYTHONDIR", str(ipython_dir))
    code = "print(get_ipython().history_manager.enabled)"
    if forked:
        with _template_and_kernels() as (template, managers):
            printed = _run_in_forked_kernel(template, tmp_path, code, managers)
    else:
        km = kernels.kernel_manager(tmp_path, template=None, kernel_name="python3")
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            printed = _run(client, code)
        finally:
            client.stop_channels()
            km.shutdown_kernel(now=True)
    assert printed == "False\n"
    assert not list(ipython_dir.rglob("history.sqlite"))
