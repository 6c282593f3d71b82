"""Uploads as the platform's: large files streamed to disk, not held in memory (issue 13, item 5).

A generated upload larger than the 64 MiB that uploads were once held in memory up to is sent as
a stream (the test holds one chunk at a time): the server answers 200, its peak resident memory
grows by far less than the file, and the file reads back byte for byte; the server reads it only
as fast as a slow reader takes it. An upload over the limit is a 413 with the OpenAI error body
and leaves nothing behind; the storage quota is a 400.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import pathlib
import socket
import time
from typing import Iterator, Optional, Tuple

import pytest

from rftsim import Server

KEY = "sk-rftsim-uploads"
BOUNDARY = "rftsim-stream-boundary"
LINE = (json.dumps({"messages": [{"role": "user", "content": "What is 2 + 2?"}], "answer": "4"}) + "\n").encode()


def memory_bytes(pid: int, field: str) -> int:
    """A memory field of the process's /proc status, in bytes: `VmHWM` (peak resident set) or `VmRSS` (now)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field}")


def peak_rss(pid: int) -> int:
    return memory_bytes(pid, "VmHWM")


def current_rss(pid: int) -> int:
    return memory_bytes(pid, "VmRSS")


def read_position_once_still(pid: int, folder: pathlib.Path, timeout: float = 30) -> Optional[int]:
    """The offset at which process `pid` reads a file in `folder`, once it has not moved for half a
    second (or `timeout` passed, or the file was closed: then the last offset seen)."""
    last, still_since, deadline = None, time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        position = None
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if not os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(folder)):
                    continue
                with open(f"/proc/{pid}/fdinfo/{fd}") as info:
                    position = next(int(line.split()[1]) for line in info if line.startswith("pos:"))
            except (OSError, StopIteration):
                continue
        if position is None and last is not None:
            return last  # closed: read to the end
        if position != last:
            last, still_since = position, time.monotonic()
        elif position is not None and time.monotonic() - still_since >= 0.5:
            return position
        time.sleep(0.05)
    return last


def multipart(size: int, filename: str = "big.jsonl") -> Tuple[int, Iterator[bytes], "hashlib._Hash"]:
    """(length, chunks, digest of the file part once sent): a `fine-tune` upload of `size` bytes of JSONL lines."""
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/jsonl\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    digest = hashlib.sha256()
    block = LINE * ((1 << 20) // len(LINE))

    def chunks() -> Iterator[bytes]:
        yield head
        left = size
        while left > 0:
            piece = block[:left]
            digest.update(piece)
            left -= len(piece)
            yield piece
        yield tail

    return len(head) + size + len(tail), chunks(), digest


def upload(port: int, size: int) -> Tuple[int, dict, "hashlib._Hash"]:
    length, chunks, digest = multipart(size)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.putrequest("POST", "/v1/files")
    connection.putheader("Authorization", f"Bearer {KEY}")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(length))
    connection.endheaders()
    try:
        for chunk in chunks:
            connection.send(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the end: the answer is already there
    answer = connection.getresponse()
    body = json.loads(answer.read())
    connection.close()
    return answer.status, body, digest


def upload_folder(server: Server) -> pathlib.Path:
    return pathlib.Path("/tmp") / f"rftsim-uploads-{server.process.pid}"


def test_a_100_mb_upload_is_streamed_to_disk_and_reads_back(tmp_path):
    size = 100 << 20
    with Server.start(env={**os.environ, "TMPDIR": "/tmp"}) as server:
        before = peak_rss(server.process.pid)
        status, file, digest = upload(server.port, size)
        assert status == 200, file
        assert file["bytes"] == size
        grown = peak_rss(server.process.pid) - before
        assert grown < 48 << 20, f"the server's peak RSS grew by {grown >> 20} MiB for a {size >> 20} MiB upload"
        stored = list(upload_folder(server).iterdir())
        assert len(stored) == 1 and stored[0].stat().st_size == size

        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
        connection.connect()
        # A slow reader: a small receive window, and nothing read until the server has stopped.
        connection.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 10)
        resident = current_rss(server.process.pid)
        connection.request("GET", f"/v1/files/{file['id']}/content", headers={"Authorization": f"Bearer {KEY}"})
        answer = connection.getresponse()
        assert answer.status == 200
        stalled_at = read_position_once_still(server.process.pid, upload_folder(server))
        # The server reads the file only as the reader takes it (NIO's writability): it stops a few
        # MiB in (8.5 MiB when this was written), holding about as much, not the 100 MiB file.
        assert stalled_at is not None, "the server had no upload file open while the reader stalled: it read the file whole before answering"
        assert stalled_at < size // 4, f"the server read {stalled_at} of {size} bytes for a reader that took none"
        held = current_rss(server.process.pid) - resident
        assert held < 32 << 20, f"the server holds {held >> 20} MiB for a stalled download"
        back = hashlib.sha256()
        total = 0
        while True:
            piece = answer.read(1 << 20)
            if not piece:
                break
            back.update(piece)
            total += len(piece)
        connection.close()
        assert total == size and back.hexdigest() == digest.hexdigest()
        # The peak over the upload and the download stays below the file's own size: the whole file
        # held at once would add at least its 100 MiB (CI once measured a peak 49 MiB up, most of it
        # from the upload; the stalled download above held 8 MiB).
        assert peak_rss(server.process.pid) - before < 90 << 20, "the download was loaded into memory"

        server.control.request("DELETE", f"/v1/files/{file['id']}", api_key=KEY)
        assert list(upload_folder(server).iterdir()) == [], "a deleted file's bytes stay on disk"


def test_an_upload_over_the_limit_is_413_and_leaves_nothing():
    with Server.start(extra_args=["--max-file-bytes", str(8 << 20)], env={**os.environ, "TMPDIR": "/tmp"}) as server:
        status, body, _ = upload(server.port, 20 << 20)
        assert status == 413, body
        assert body["error"]["code"] == "request_too_large" and "bytes" in body["error"]["message"]
        # Within the framing allowance but over the file limit: the provider's 413 naming the file.
        status, body, _ = upload(server.port, (8 << 20) + 1000)
        assert status == 413, body
        assert body["error"]["param"] == "file"
        listed = server.control.request("GET", "/v1/files", api_key=KEY)
        assert listed["data"] == []
        folder = upload_folder(server)
        assert not folder.exists() or list(folder.iterdir()) == []


def test_the_storage_quota_is_per_organisation():
    with Server.start(extra_args=["--storage-quota-bytes", str(3 << 20)], env={**os.environ, "TMPDIR": "/tmp"}) as server:
        status, first, _ = upload(server.port, 2 << 20)
        assert status == 200, first
        status, body, _ = upload(server.port, 2 << 20)
        assert status == 400 and body["error"]["code"] == "storage_quota_exceeded", body
        assert len(list(upload_folder(server).iterdir())) == 1
