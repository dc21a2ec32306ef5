"""Misbehaving key endpoints on 127.0.0.1: raw sockets that answer a byte at a time, a TLS
certificate authority of our own, and a CONNECT proxy."""

from __future__ import annotations

import datetime
import ipaddress
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: How :class:`DripServer` answers; every ``drip`` mode sends a byte per ``interval``.
MODES = (
    "ok",  # the whole answer at once
    "raw",  # ``raw`` at once, then the connection is closed
    "status_drip",  # the status line a byte at a time
    "header_drip",  # the status line at once, then the headers a byte at a time
    "chunk_drip",  # status and headers at once, then chunked framing a byte at a time
    "body_drip",  # status and headers at once, then a body that trickles for ever
    "silent",  # reads the request and never answers
    "over_length",  # a Content-Length above the cap, then silence
    "endless_chunks",  # chunked 16 KiB chunks, as fast as the client reads, for ever
    "tls_drip",  # a TLS handshake record a byte at a time (for https:// URLs)
)


class DripServer:
    """A raw TCP server on 127.0.0.1 that answers every connection as ``mode`` says.

    ``body`` is the document served in ``"ok"`` mode. ``connections`` counts accepted
    connections; ``active`` counts those still being answered (a connection ends when the
    client goes away, so ``active`` falls back to 0 once every client has given up).
    """

    def __init__(self, body: bytes, *, interval: float = 0.2) -> None:
        self.body = body
        self.raw = b""
        self.mode = "ok"
        self.interval = interval
        self.connections = 0
        self.active = 0
        self._counter_lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def port(self) -> int:
        port: int = self._listener.getsockname()[1]
        return port

    def url(self, scheme: str = "http", userinfo: str = "") -> str:
        return f"{scheme}://{userinfo}127.0.0.1:{self.port}/customer/login/jwk"

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def wait_idle(self, timeout: float = 3.0) -> bool:
        """Whether every connection has ended within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.active == 0

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._counter_lock:
                self.connections += 1
                self.active += 1
            thread = threading.Thread(target=self._serve, args=(conn, self.mode), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, mode: str) -> None:
        try:
            with conn:
                conn.settimeout(5)
                if mode == "tls_drip":
                    conn.recv(4096)  # the ClientHello
                    # A handshake record announcing 16 KiB, sent a byte at a time.
                    self._drip(conn, b"\x16\x03\x03\x40\x00" + b"\x02" * 16384)
                    return
                if not self._read_request(conn):
                    return
                self._answer(conn, mode)
        except OSError:
            pass  # the client gave up, as it should
        finally:
            with self._counter_lock:
                self.active -= 1

    def _answer(self, conn: socket.socket, mode: str) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if mode == "ok":
            length = f"Content-Length: {len(self.body)}\r\n".encode()
            conn.sendall(head + length + b"Connection: close\r\n\r\n" + self.body)
        elif mode == "raw":
            conn.sendall(self.raw)
        elif mode == "status_drip":
            self._drip(conn, head + b"Content-Length: 2\r\n\r\n{}")
        elif mode == "header_drip":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            self._drip(conn, b"Content-Type: application/json\r\nX-Padding: " + b"a" * 4000)
        elif mode == "chunk_drip":
            conn.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
            self._drip(conn, b"1\r\n \r\n" * 4000)
        elif mode == "body_drip":
            conn.sendall(head + b"Connection: close\r\n\r\n")
            self._drip(conn, b" " * 40000)
        elif mode == "silent":
            self._wait_for_close(conn)
        elif mode == "over_length":
            conn.sendall(head + b"Content-Length: 65537\r\n\r\n")
            self._wait_for_close(conn)
        elif mode == "endless_chunks":
            conn.sendall(head + b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
            while not self._stop.is_set():
                conn.sendall(chunk)
        else:
            raise ValueError(mode)

    def _read_request(self, conn: socket.socket) -> bool:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk or len(data) > 65536:
                return False
            data += chunk
        return True

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        for byte in data:
            if self._stop.wait(self.interval):
                return
            conn.sendall(bytes([byte]))

    def _wait_for_close(self, conn: socket.socket) -> None:
        while not self._stop.is_set():
            readable, _, _ = select.select([conn], [], [], 0.05)
            if readable and not conn.recv(4096):
                return


@dataclass(frozen=True)
class Authority:
    """A certificate authority of our own and a server certificate it signed."""

    ca_file: Path
    server_context: ssl.SSLContext


def make_authority(directory: Path, hostnames: list[str]) -> Authority:
    """A CA written to ``directory/ca.pem`` and a server context for ``hostnames`` and
    127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "authhooks test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = list(hostnames)
    alt_names: list[x509.GeneralName] = [x509.DNSName(name) for name in names]
    alt_names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = directory / "ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    chain = directory / "server.pem"
    chain.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return Authority(ca_file=ca_file, server_context=context)


class ConnectProxy:
    """An HTTP proxy on 127.0.0.1 that tunnels every ``CONNECT`` to ``target_port`` on
    127.0.0.1, whatever host was asked for, and records what it was asked."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._tunnel, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _tunnel(self, client: socket.socket) -> None:
        with client:
            client.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(4096)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            self.requests.append(head)
            if not head.startswith(b"CONNECT "):
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            with socket.create_connection(("127.0.0.1", self.target_port), timeout=5) as up:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                if rest:
                    up.sendall(rest)
                self._pipe(client, up)

    def _pipe(self, one: socket.socket, other: socket.socket) -> None:
        peers = {one: other, other: one}
        while not self._stop.is_set():
            readable, _, _ = select.select(list(peers), [], [], 0.05)
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                peers[sock].sendall(data)
