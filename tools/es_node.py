"""Start and stop the local Elasticsearch node of tools/es-node from Python (tests, benchmark).

    python -m tools.es_node --home .data/es --port 9200     # the same as `make es-node`
    python -m tools.es_node --home .data/es-cluster --nodes 2   # a two-node cluster

The node is a real Elasticsearch from Maven Central artifacts, built by
tools/es-node/run.sh on first use: alone, a single-node cluster; `EsCluster` starts
several that find each other over the transport. Every node listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
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
                 log_level: str = "WARN", cluster: str | None = None,
                 name: str | None = None, transport_port: int | None = None,
                 seed_hosts: list[str] | None = None,
                 initial_master_nodes: list[str] | None = None,
                 language_analyzers: bool = True) -> None:
        self.home = Path(home)
        # The "english" and "russian" analyzers, as the full distribution has them; without
        # them the node is one whose index falls back to the `standard` analyzer.
        self.language_analyzers = language_analyzers
        self.requested_port = port
        self.heap = heap
        self.log_level = log_level
        self.cluster = cluster
        self.name = name
        self.transport_port = transport_port
        self.seed_hosts = seed_hosts or []
        self.initial_master_nodes = initial_master_nodes or []
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._terminated = False
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
        self.launch()
        return self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the process without waiting for it (the nodes of a cluster start together)."""
        if self.process is not None and self.process.poll() is None:
            raise EsNodeError("the node is already running")
        build()
        self.home.mkdir(parents=True, exist_ok=True)
        self.port_file.unlink(missing_ok=True)
        port = self.port if self.port is not None else self.requested_port
        env = os.environ.copy()
        if self.heap:
            env["ES_NODE_HEAP"] = self.heap
        command = ["bash", str(RUN), "--home", str(self.home), "--port", str(port),
                   "--port-file", str(self.port_file), "--log-level", self.log_level]
        if self.cluster:
            command += ["--cluster", self.cluster]
        if self.name:
            command += ["--node-name", self.name]
        if self.transport_port is not None:
            command += ["--transport-port", str(self.transport_port)]
        if not self.language_analyzers:
            command += ["--language-analyzers", "false"]
        if self.seed_hosts:
            command += ["--seed-hosts", ",".join(self.seed_hosts),
                        "--initial-master-nodes", ",".join(self.initial_master_nodes)]
        self._log = open(self.log_path, "ab")  # noqa: SIM115
        self._terminated = False
        self.process = subprocess.Popen(  # noqa: S603
            command, stdout=self._log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 180) -> EsNode:
        """Wait until the node answers with a green or yellow cluster; stop it if it never does."""
        if self.process is None:
            raise EsNodeError("the node has not been launched")
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

    def terminate(self) -> None:
        """Ask the node to stop (SIGTERM) without waiting; `stop()` waits."""
        if self.process is not None and self.process.poll() is None and not self._terminated:
            self.process.send_signal(signal.SIGTERM)
            self._terminated = True

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM, and wait for the node to close its indices; SIGKILL if it will not."""
        if self.process is not None and self.process.poll() is None:
            self.terminate()
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


def free_port() -> int:
    """A port nobody listens on now (the transport's, which the other nodes must know)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class EsCluster:
    """Several nodes of one cluster on 127.0.0.1, each master-eligible and holding data.

    `start()` launches them together and waits for a green cluster of all of them. Each
    node keeps its ports and data folder, so one can be stopped and started again.
    Two master-eligible nodes elect a master only while both are up: stopping the elected
    one leaves the other serving searches from the copies it holds, but no writes.
    """

    def __init__(self, home: Path, *, nodes: int = 2, heap: str | None = None,
                 log_level: str = "WARN", name: str = "vetted-cluster",
                 language_analyzers: bool = True) -> None:
        if nodes < 2:
            raise ValueError("a cluster here has at least two nodes; EsNode runs one")
        self.home = Path(home)
        self.name = name
        names = [f"es-{i}" for i in range(1, nodes + 1)]
        transport = [free_port() for _ in names]
        seeds = [f"127.0.0.1:{port}" for port in transport]
        self.nodes = [EsNode(self.home / node_name, heap=heap, log_level=log_level,
                             cluster=name, name=node_name, transport_port=port,
                             seed_hosts=seeds, initial_master_nodes=names,
                             language_analyzers=language_analyzers)
                      for node_name, port in zip(names, transport, strict=True)]

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def start(self, timeout: float = 300) -> EsCluster:
        try:
            for node in self.nodes:
                node.launch()
            for node in self.nodes:
                node.wait_ready(timeout)
            self.wait_for(status="green", nodes=len(self.nodes), timeout=timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def health(self, via: EsNode | None = None) -> dict[str, Any]:
        node = via or next(n for n in self.nodes if n.process and n.process.poll() is None)
        health: dict[str, Any] = _get(f"{node.url}/_cluster/health", timeout=10)
        return health

    def wait_for(self, *, status: str, nodes: int, timeout: float = 120,
                 via: EsNode | None = None) -> dict[str, Any]:
        """Wait for the cluster's health to reach `status` with exactly `nodes` nodes."""
        node = via or self.nodes[0]
        deadline = time.monotonic() + timeout
        last: Any = None
        while time.monotonic() < deadline:
            try:
                last = _get(f"{node.url}/_cluster/health?wait_for_status={status}"
                            f"&wait_for_nodes={nodes}&timeout=10s", timeout=20)
                if not last.get("timed_out"):
                    return dict(last)
            except (urllib.error.URLError, OSError, ValueError) as exc:
                last = exc
            time.sleep(0.5)
        raise EsNodeError(f"the cluster did not become {status} with {nodes} nodes within "
                          f"{timeout:.0f} s: {last}")

    def master(self) -> EsNode:
        """The node elected master now."""
        for node in self.nodes:
            if node.process is None or node.process.poll() is not None:
                continue
            state = _get(f"{node.url}/_cat/master?format=json", timeout=10)
            name = state[0]["node"]
            return next(n for n in self.nodes if n.name == name)
        raise EsNodeError("no node of the cluster is running")

    def stop(self) -> None:
        for node in self.nodes:  # all at once, then wait for each
            node.terminate()
        for node in self.nodes:
            node.stop()

    def __enter__(self) -> EsCluster:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the local Elasticsearch node.")
    parser.add_argument("--home", type=Path, default=Path(".data/es"))
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--nodes", type=int, default=1,
                        help="2 or more: a cluster of that many nodes (HTTP on free ports)")
    args = parser.parse_args()
    reason = unavailable_reason()
    if reason:
        raise SystemExit(reason)
    if args.nodes > 1:
        cluster = EsCluster(args.home, nodes=args.nodes, log_level="INFO").start()
        print(f"Elasticsearch cluster at {','.join(cluster.urls)} (data in {args.home});"
              " Ctrl-C stops it", flush=True)
        try:
            for node in cluster.nodes:
                assert node.process is not None
                node.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            cluster.stop()
        return
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
