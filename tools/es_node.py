"""Start and stop the local Elasticsearch node of tools/es-node from Python (tests, benchmark).

    python -m tools.es_node --home .data/es --port 9200     # the same as `make es-node`

The node is a real single-node Elasticsearch from Maven Central artifacts, built by
tools/es-node/run.sh on first use. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

RUN = Path(__file__).resolve().parent / "es-node" / "run.sh"
HOW_TO_GET = (
    "the Elasticsearch tests need a JDK 21+ and Maven (the node is built from Maven Central "
    "by tools/es-node/run.sh): install them, e.g. `apt-get install maven` and a JDK 21+ "
    "(or set ES_JAVA_HOME), then run `tools/es-node/run.sh --check`"
)


class EsNodeError(RuntimeError):
    pass


def unavailable_reason() -> str | None:
    """Why the node cannot be built or run here (no JDK 21+, no Maven), or None."""
    if not RUN.exists():
        return f"{RUN} is missing"
    try:
        result = subprocess.run(["bash", str(RUN), "--check"], capture_output=True,  # noqa: S603, S607
                                text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run {RUN}: {exc}"
    if result.returncode != 0:
        return (result.stdout + result.stderr).strip() or f"{RUN} --check failed"
    return None


def build(timeout: float = 900) -> None:
    """Build the node's jar unless it is current (the first build downloads from Maven Central)."""
    try:
        result = subprocess.run(["bash", str(RUN), "--build-only"], capture_output=True,  # noqa: S603, S607
                                text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise EsNodeError(f"building the Elasticsearch node took over {timeout:.0f} s") from exc
    if result.returncode != 0:
        raise EsNodeError(f"building the Elasticsearch node failed:\n{result.stdout}\n"
                          f"{result.stderr}")


def _get(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())


class EsNode:
    """One node process: `start()` waits until it answers, `stop()` sends SIGTERM and waits."""

    def __init__(self, home: Path, *, port: int = 0, heap: str | None = None,
                 log_level: str = "WARN") -> None:
        self.home = Path(home)
        self.requested_port = port
        self.heap = heap
        self.log_level = log_level
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise EsNodeError("the node has not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def port_file(self) -> Path:
        return self.home / "http.port"

    @property
    def log_path(self) -> Path:
        return self.home / "es-node.log"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, timeout: float = 180) -> EsNode:
        """Start the node (building it first if need be) and wait for a green or yellow cluster.

        Started again after `stop()`, it takes the same port, so clients keep their URL,
        and the same data folder, so the indices are still there.
        """
        if self.process is not None and self.process.poll() is None:
            raise EsNodeError("the node is already running")
        build()
        self.home.mkdir(parents=True, exist_ok=True)
        self.port_file.unlink(missing_ok=True)
        port = self.port if self.port is not None else self.requested_port
        env = os.environ.copy()
        if self.heap:
            env["ES_NODE_HEAP"] = self.heap
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            ["bash", str(RUN), "--home", str(self.home), "--port", str(port),  # noqa: S607
             "--port-file", str(self.port_file), "--log-level", self.log_level],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not self.port_file.exists():
            if self.process.poll() is not None:
                raise EsNodeError(f"the Elasticsearch node exited with {self.process.returncode};"
                                  f" see {self.log_path}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise EsNodeError(f"the Elasticsearch node did not start within {timeout:.0f} s;"
                                  f" see {self.log_path}")
            time.sleep(0.2)
        self.port = int(self.port_file.read_text())
        while True:
            try:
                health = _get(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=5s",
                              timeout=10)
                if health.get("status") in ("green", "yellow"):
                    return self
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise EsNodeError(f"the Elasticsearch node never became healthy; see "
                                  f"{self.log_path}")
            time.sleep(0.5)

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM, and wait for the node to close its indices; SIGKILL if it will not."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        if self._log is not None:
            self._log.close()
            self._log = None

    def rss_bytes(self) -> int | None:
        """Resident memory of the JVM (run.sh execs java, so the process is the JVM)."""
        if self.pid is None:
            return None
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> EsNode:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the local Elasticsearch node.")
    parser.add_argument("--home", type=Path, default=Path(".data/es"))
    parser.add_argument("--port", type=int, default=9200)
    args = parser.parse_args()
    reason = unavailable_reason()
    if reason:
        raise SystemExit(reason)
    node = EsNode(args.home, port=args.port, log_level="INFO").start()
    print(f"Elasticsearch at {node.url} (data in {args.home}); Ctrl-C stops it", flush=True)
    try:
        assert node.process is not None
        node.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        node.stop()


if __name__ == "__main__":
    main()
