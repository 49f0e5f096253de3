"""The sandbox around every run of code a student wrote.

Graded tests, the race and memory checks and `./workbook run` all start
their programs through Sandbox.start(). With bubblewrap (Debian's
`bubblewrap`) a run gets:
  - namespaces of its own: no network, a new PID namespace (every process
    of the run dies with it, setsid() or not: no strays, no daemons), no
    view of the grader's processes, so nothing to signal or trace;
  - a file system with only /usr (and its links), the dynamic loader's
    cache, /proc, a minimal /dev, the program's own files read-only, and
    a private scratch directory as /tmp, the one writable place;
  - an unprivileged uid (nobody, when the grader runs as root) without
    capabilities, so limits cannot be raised again;
  - limits: memory and processes from a cgroup where one is writable
    (v1 or v2), else RLIMIT_AS and RLIMIT_NPROC; CPU time, file size and
    open files from rlimits always. The wall-clock limit is the caller's:
    it kills the run with kill(), which takes every process down with it.

Where bubblewrap cannot run (no user namespaces, not installed), start()
still runs the program, in a process group and a cgroup of its own under
the same limits, and unavailable() says why, so that the tools can say so
once and `grade` can refuse.
"""
from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

NOBODY = 65534
# Seconds a SIGKILLed sandbox gets to be reaped before we stop waiting.
REAP_SECONDS = 5
# Runs that still had processes after they were killed and reaped (the
# self-test's hostile corpus checks that none ever has).
LEFTOVERS: list[str] = []


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 600          # all threads together
    memory_mb: int = 2048
    processes: int = 256            # threads count too
    file_mb: int = 64               # largest file a run may write
    scratch_mb: int = 256           # all files of the scratch folder together
    open_files: int = 256
    # RLIMIT_AS is the fallback memory limit; the sanitizers reserve
    # terabytes of address space up front and cannot run under it.
    address_space_ok: bool = True


SHM_MB = 64


def scratch_usage(folder: Path, most_entries: int = 20000) -> tuple[int, int]:
    """(bytes, entries) under `folder`, counted without following links and
    stopping after `most_entries`: the watchdog's measure of a run's disk use,
    for no file system limit reaches a folder of the grader's disk."""
    total, entries, stack = 0, 0, [str(folder)]
    while stack and entries < most_entries:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    entries += 1
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
                    except OSError:
                        pass
        except OSError:
            pass
    return total, entries


# --- Is bubblewrap usable here? ---------------------------------------------

_probe: tuple[bool, str] | None = None


def _as_nobody() -> list[str]:
    """The prefix that drops root to nobody before bwrap starts."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "--inh-caps=-all"]


def unavailable() -> str:
    """'' when bubblewrap works here, else one sentence saying why not."""
    global _probe
    if _probe is None:
        if os.environ.get("WORKBOOK_UNSANDBOXED"):
            _probe = (False, "the sandbox is off (WORKBOOK_UNSANDBOXED is set)")
        elif not shutil.which("bwrap"):
            _probe = (False, "bubblewrap is not installed (sudo apt-get install bubblewrap)")
        elif os.geteuid() == 0 and not shutil.which("setpriv"):
            _probe = (False, "setpriv is missing (sudo apt-get install util-linux)")
        else:
            try:
                proc = subprocess.run(_as_nobody() + ["bwrap", *_file_system(), "--unshare-all",
                                                      "--die-with-parent", "true"],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, timeout=30)
                ok = proc.returncode == 0
                why = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
            except (OSError, subprocess.TimeoutExpired) as e:
                ok, why = False, str(e)
            _probe = (ok, "" if ok else f"bubblewrap cannot start a sandbox here ({why}); "
                      "user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone)")
    return "" if _probe[0] else _probe[1]


_told = False


def notice_once() -> str:
    """The sentence to print the first time a run goes without the sandbox."""
    global _told
    reason = unavailable()
    if not reason or _told:
        return ""
    _told = True
    return (f"workbook: running student code WITHOUT the sandbox: {reason}. "
            "Time, memory and process limits still apply.")


# --- The file system a run sees ----------------------------------------------

def _file_system() -> list[str]:
    """/usr and the top-level links into it (/bin, /lib, ... as the host has
    them), the loader's cache, /proc, a minimal /dev and the CPU topology."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"):
        if os.path.exists(name):
            args += ["--ro-bind", name, name]
    # gcc's OpenMP runtime reads which CPUs make a core, a socket or a NUMA
    # node from sysfs: without these OMP_PLACES=cores (threads, sockets,
    # numa_domains) is an error and OMP_PROC_BIND binds nothing. They are
    # read-only and describe the hardware only, as /proc/cpuinfo already
    # does; a run's uid has no capability to change a CPU setting there.
    # The rest of /sys stays hidden, /sys/fs/cgroup too: the run has a cgroup
    # namespace of its own, so /proc/self/cgroup names paths that the host's
    # hierarchy does not have (a quota would read as none), and that
    # hierarchy would show the cgroups of every other run beside it.
    for name in ("/sys/devices/system/cpu", "/sys/devices/system/node"):
        args += ["--ro-bind-try", name, name]
    return args + ["--proc", "/proc", "--dev", "/dev"]


# --- cgroups -----------------------------------------------------------------

class _Cgroups:
    """The memory and pids cgroups of one run, where the grader may make them."""

    def __init__(self, run_id: str, limits: Limits):
        self.dirs: list[Path] = []
        self.memory = self.pids = False
        self.oom_files: list[Path] = []
        v1 = Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup/pids")
        if all((p / "cgroup.procs").exists() for p in v1):
            self._v1(run_id, limits, *v1)
        elif Path("/sys/fs/cgroup/cgroup.controllers").exists():
            self._v2(run_id, limits)

    def _make(self, parent: Path, run_id: str) -> Path | None:
        try:
            base = parent / "workbook"
            base.mkdir(exist_ok=True)
            path = base / run_id
            path.mkdir()
            self.dirs.append(path)
            return path
        except OSError:
            return None

    @staticmethod
    def _write(path: Path, value: str) -> bool:
        try:
            path.write_text(value)
            return True
        except OSError:
            return False

    def _v1(self, run_id: str, limits: Limits, memory: Path, pids: Path) -> None:
        group = self._make(memory, run_id)
        if group and self._write(group / "memory.limit_in_bytes", str(limits.memory_mb << 20)):
            swap = group / "memory.memsw.limit_in_bytes"
            if swap.exists():
                self._write(swap, str(limits.memory_mb << 20))
            self.memory = True
            self.oom_files.append(group / "memory.oom_control")
        group = self._make(pids, run_id)
        if group and self._write(group / "pids.max", str(limits.processes)):
            self.pids = True

    def _v2(self, run_id: str, limits: Limits) -> None:
        root = Path("/sys/fs/cgroup")
        try:
            wanted = {"memory", "pids"} & set((root / "cgroup.controllers").read_text().split())
            base = root / "workbook"
            base.mkdir(exist_ok=True)
            for where in (root, base):
                self._write(where / "cgroup.subtree_control",
                            " ".join(f"+{c}" for c in sorted(wanted)))
        except OSError:
            return
        group = self._make(root, run_id)
        if not group:
            return
        if self._write(group / "memory.max", str(limits.memory_mb << 20)):
            self._write(group / "memory.swap.max", "0")
            self.memory = True
            self.oom_files.append(group / "memory.events")
        self.pids = self._write(group / "pids.max", str(limits.processes))

    def join(self) -> None:
        """Move the calling process in (between fork and exec)."""
        for group in self.dirs:
            try:
                with open(group / "cgroup.procs", "w") as f:
                    f.write(str(os.getpid()))
            except OSError:
                pass

    def out_of_memory(self) -> bool:
        for path in self.oom_files:
            try:
                for line in path.read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill" and value.strip() not in ("", "0"):
                        return True
            except OSError:
                pass
        return False

    def kill_all(self) -> None:
        for group in self.dirs:
            try:
                pids = (group / "cgroup.procs").read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, PermissionError, ValueError):
                    pass

    def still_running(self) -> int:
        count = 0
        for group in self.dirs:
            try:
                count = max(count, len((group / "cgroup.procs").read_text().split()))
            except OSError:
                pass
        return count

    def remove(self) -> None:
        for group in self.dirs:
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    self.kill_all()
                    time.sleep(0.02)


# --- One run -------------------------------------------------------------------

@contextlib.contextmanager
def workdir(prefix: str):
    """A temporary folder for runs' files: its scratch folders are the only
    places a run writes. Others may pass through it (mode 711) but not list
    it, so the unprivileged uid of a run reaches its own scratch only."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.chmod(tmp, 0o711)
        yield Path(tmp)


def _user_processes(uid: int) -> int:
    """How many processes `uid` has now (RLIMIT_NPROC counts them all)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                count += entry.stat().st_uid == uid
            except OSError:
                pass
    return count


@dataclass
class Sandbox:
    """A run of untrusted code: `scratch` is its only writable place (seen as
    /tmp inside), `readable` the programs it runs, `env` its whole
    environment. Each program is copied beside the scratch folder and the
    copy is bound, read-only, where the original is: the run's unprivileged
    uid reads it wherever the original lives, and a rebuild cannot change it
    under a running test."""
    scratch: Path
    readable: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    sandboxed: bool = True          # False: limits only (unavailable(), or asked)
    # A build: the compiler reads the workbook tree (read-only) and writes
    # the build folder, as the grader's own uid (without capabilities), so
    # that it can write the grader's build outputs; nothing is copied.
    readonly: list[Path] = field(default_factory=list)
    writable: list[Path] = field(default_factory=list)
    as_grader: bool = False
    # Graded runs: the copies lose their symbol tables, so code that reads
    # its own executable finds no name of the harness's functions in it.
    strip_symbols: bool = False
    proc: subprocess.Popen | None = None
    _cgroups: _Cgroups | None = None

    def __post_init__(self):
        if unavailable():
            self.sandboxed = False
        self.scratch.mkdir(parents=True, exist_ok=True)
        self._copies: list[tuple[Path, Path]] = []
        self._oom = False
        if self.sandboxed:
            if os.geteuid() == 0 and not self.as_grader:
                os.chown(self.scratch, NOBODY, NOBODY)
            programs = self.scratch.with_name(self.scratch.name + "-programs")
            programs.mkdir(exist_ok=True)
            for i, path in enumerate(self.readable):
                copy = programs / f"{i}-{Path(path).name}"
                shutil.copyfile(path, copy)
                if self.strip_symbols:
                    subprocess.run(["objcopy", "--strip-all", str(copy)], check=True,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, timeout=60)
                os.chmod(copy, 0o555)
                self._copies.append((copy, Path(path)))

    def inside(self, path: Path) -> str:
        """Where a file of the scratch directory is seen by the run."""
        if not self.sandboxed:
            return str(path)
        relative = Path(path).relative_to(self.scratch)
        return "/tmp" if str(relative) == "." else f"/tmp/{relative}"

    def command(self, argv: list[str]) -> list[str]:
        if not self.sandboxed:
            return list(argv)
        args = ([] if self.as_grader else _as_nobody()) + ["bwrap", *_file_system()]
        args += ["--bind", str(self.scratch), "/tmp", "--chdir", "/tmp",
                               "--unshare-all", "--die-with-parent", "--new-session",
                               "--cap-drop", "ALL", "--hostname", "workbook", "--clearenv"]
        # After /tmp: a tree or program that lives under /tmp stays visible.
        for path in self.readonly:
            args += ["--ro-bind", str(path), str(path)]
        for path in self.writable:
            args += ["--bind", str(path), str(path)]
        for copy, original in self._copies:
            args += ["--ro-bind", str(copy), str(original)]
        # The root and /dev are bwrap's own tmpfs folders, in memory: read-only,
        # so the scratch folder, which the watchdog measures, is the one
        # place left to write, beside a small /dev/shm for Criterion's
        # shared arena.
        args += ["--remount-ro", "/", "--remount-ro", "/dev",
                 "--size", str(SHM_MB << 20), "--tmpfs", "/dev/shm"]
        for key, value in self.env.items():
            args += ["--setenv", key, value]
        return args + ["--", *argv]

    def _apply_limits(self) -> None:
        """Between fork and exec: join the cgroups, set the rlimits."""
        limits = self.limits
        self._cgroups.join()

        def cap(kind, value):
            soft, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, value))

        cap(resource.RLIMIT_CORE, 0)
        cap(resource.RLIMIT_CPU, limits.cpu_seconds)
        cap(resource.RLIMIT_FSIZE, limits.file_mb << 20)
        cap(resource.RLIMIT_NOFILE, limits.open_files)
        if not self._cgroups.memory and limits.address_space_ok:
            cap(resource.RLIMIT_AS, limits.memory_mb << 20)
        if self._processes_before is not None and not self.as_grader:
            # Counts every process of the uid: room for what it has already.
            cap(resource.RLIMIT_NPROC, self._processes_before + limits.processes)

    def start(self, argv: list[str], *, stdin=subprocess.DEVNULL, stdout=None, stderr=None,
              pass_fds: tuple[int, ...] = (), cwd: Path | None = None) -> subprocess.Popen:
        self._cgroups = _Cgroups(uuid.uuid4().hex[:12], self.limits)
        # RLIMIT_NPROC where no pids cgroup binds: it binds any uid but root's.
        self._processes_before = None
        if not self._cgroups.pids:
            if os.geteuid() == 0 and self.sandboxed:
                self._processes_before = _user_processes(NOBODY)
            elif os.geteuid() != 0:
                self._processes_before = _user_processes(os.getuid())
        env = self.env if not self.sandboxed else {"PATH": "/usr/bin:/bin"}
        self.proc = subprocess.Popen(self.command(argv), stdin=stdin, stdout=stdout,
                                     stderr=stderr, env=env, pass_fds=pass_fds,
                                     cwd=str(cwd or self.scratch), start_new_session=True,
                                     preexec_fn=self._apply_limits)
        return self.proc

    def kill(self) -> None:
        """Every process of the run, now."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                # The process group too: without the sandbox it is all we have.
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self._cgroups:
            self._cgroups.kill_all()

    def out_of_memory(self) -> bool:
        """Whether the memory limit killed a process of the run (read before
        finish() removes the cgroups, and kept)."""
        if self._cgroups and not self._oom:
            self._oom = self._cgroups.out_of_memory()
        return self._oom

    def finish(self) -> int:
        """Kill what is left, reap, remove the cgroups: the exit status."""
        self.kill()
        self.out_of_memory()
        code = -signal.SIGKILL
        if self.proc is not None:
            try:
                code = self.proc.wait(timeout=REAP_SECONDS)
            except subprocess.TimeoutExpired:
                print(f"workbook: a sandboxed run (pid {self.proc.pid}) would not end",
                      file=sys.stderr)
        if self._cgroups:
            time.sleep(0)   # the kernel empties a cgroup as its processes are reaped
            for _ in range(100):
                left = self._cgroups.still_running()
                if not left:
                    break
                self._cgroups.kill_all()
                time.sleep(0.01)
            if left:
                LEFTOVERS.append(f"{left} process(es) of a run outlived SIGKILL for 1 s")
            self._cgroups.remove()
        return code
