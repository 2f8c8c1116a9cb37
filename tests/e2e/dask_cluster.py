"""A Dask cluster as one is run: `dask scheduler` and `dask worker` as processes of their own, over
TLS with a certificate authority and certificates made here (self-signed, valid for 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DASK = str(Path(sys.executable).with_name("dask"))
START_S = 180  # a scheduler and workers importing the workbench, on a loaded 2-core machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_tls_files(folder: Path) -> dict[str, Path]:
    """A certificate authority and one certificate it signed for 127.0.0.1, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("jtai test CA"))
        .issuer_name(name("jtai test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = {"ca": folder / "ca.pem", "cert": folder / "cert.pem", "key": folder / "key.pem"}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


def write_dask_config(folder: Path, tls: dict[str, Path]) -> Path:
    """Dask's configuration naming the certificates, as the README shows it; return its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    pair = f"{{cert: {tls['cert']}, key: {tls['key']}}}"
    (folder / "distributed.yaml").write_text(
        "distributed:\n"
        "  comm:\n"
        "    require-encryption: true\n"
        "    tls:\n"
        f"      ca-file: {tls['ca']}\n"
        f"      client: {pair}\n"
        f"      scheduler: {pair}\n"
        f"      worker: {pair}\n",
        encoding="utf-8",
    )
    return folder


@dataclass
class Cluster:
    """A running scheduler and its workers; each worker's process is a `dask worker` (no nanny)."""

    address: str
    environment: dict[str, str]
    scheduler: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def stop(self) -> None:
        """Stop what was started here, by the PIDs it has (never by name)."""
        for process in [*self.workers.values(), self.scheduler]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*self.workers.values(), self.scheduler]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def _registered(log: Path) -> int:
    return len(re.findall(r"Register worker", log.read_text(encoding="utf-8", errors="replace")))


def start_cluster(folder: Path, dask_config: Path, workers: int = 2) -> Cluster:
    """`dask scheduler` on 127.0.0.1 over TLS and ``workers`` `dask worker` processes, each one
    thread (one area at a time), logging under ``folder``; returns once every worker has registered."""
    folder.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "DASK_CONFIG": str(dask_config)}
    port = _free_port()
    address = f"tls://127.0.0.1:{port}"
    scheduler_log = folder / "scheduler.log"
    with scheduler_log.open("wb") as log:
        scheduler = subprocess.Popen(
            [DASK, "scheduler", "--protocol", "tls", "--host", "127.0.0.1", "--port", str(port)]
            + ["--no-dashboard"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=folder,
        )
    cluster = Cluster(address, environment, scheduler)
    try:
        for number in range(1, workers + 1):
            name = f"worker-{number}"
            with (folder / f"{name}.log").open("wb") as log:
                cluster.workers[name] = subprocess.Popen(
                    [DASK, "worker", address, "--nthreads", "1", "--no-nanny", "--name", name]
                    + ["--no-dashboard", "--local-directory", str(folder / name)],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=environment,
                    cwd=folder,
                )
        deadline = time.monotonic() + START_S
        while _registered(scheduler_log) < workers:
            for process in [scheduler, *cluster.workers.values()]:
                assert process.poll() is None, scheduler_log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, scheduler_log.read_text(encoding="utf-8")
            time.sleep(0.5)
    except BaseException:
        cluster.stop()
        raise
    return cluster
