"""Signed checkpoints of the audit chain's head (审计日志检查点).

The hash chain shows an entry altered or removed in the middle, but a chain cut off at the
end, or rewritten from some entry to the end with recomputed hashes, links up just as well.
So the sealer periodically writes the head it reached — seq, hash, time — as one line signed
with HMAC-SHA256 under a key the database does not hold (AUDIT_CHECKPOINT_KEY), to an
append-only file kept apart from the database. Verification then requires the entry at the
newest checkpoint's seq to be in the chain with that very hash: the chain may have grown
since, never shrunk or changed.

A checkpoint is only written while the chain still holds the previous one, so a truncated
chain is never vouched for afresh; the newest checkpoint therefore covers all earlier ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from permissions.audit_chain import chain_head
from schema import clock
from schema.sql import fetch

log = logging.getLogger("talentgate.audit")

FILE_NAME = "audit-checkpoints.log"
CHECKPOINT_SECONDS = 60.0  # at most one line a minute while the chain grows
TAIL_BYTES = 8192  # the sealer reads only the end of the file for the newest checkpoint
_DOMAIN = "talentgate-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    """One signed line: the chain's head as the sealer saw it."""

    seq: int
    hash: str
    at: str  # UTC, ISO 8601
    kid: str
    signature: str

    def line(self) -> bytes:
        document = {"seq": self.seq, "hash": self.hash, "at": self.at, "kid": self.kid, "sig": self.signature}
        return orjson.dumps(document) + b"\n"

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)


def _mac(secret: str, seq: int, head_hash: str, at: str) -> str:
    message = f"{_DOMAIN}\n{seq}\n{head_hash}\n{at}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(keys: Mapping[str, str], seq: int, head_hash: str, at: dt.datetime) -> Checkpoint:
    """Signed with the first key (the others only verify: keys rotate)."""
    kid, secret = next(iter(keys.items()))
    stamp = at.astimezone(dt.UTC).isoformat()
    return Checkpoint(seq, head_hash, stamp, kid, _mac(secret, seq, head_hash, stamp))


def _parse(raw: bytes, keys: Mapping[str, str]) -> Checkpoint:
    """A line as a checkpoint; ValueError saying why it is not a genuine one."""
    try:
        doc = orjson.loads(raw)
        cp = Checkpoint(int(doc["seq"]), str(doc["hash"]), str(doc["at"]), str(doc["kid"]), str(doc["sig"]))
        dt.datetime.fromisoformat(cp.at)  # a readable time is part of a well-formed line
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise ValueError("not a checkpoint line (damaged?)") from None
    secret = keys.get(cp.kid)
    if secret is None:
        raise ValueError(f"signed with unknown key id {cp.kid!r}")
    if not hmac.compare_digest(_mac(secret, cp.seq, cp.hash, cp.at), cp.signature):
        raise ValueError("signature does not verify (forged or altered checkpoint)")
    return cp


@dataclass
class CheckpointLog:
    """What the file holds: the genuine checkpoints and the lines that are not."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)

    @property
    def newest(self) -> Checkpoint | None:
        return max(self.checkpoints, key=lambda c: c.seq, default=None)


@dataclass(frozen=True)
class CheckpointFile:
    """The append-only file of signed checkpoint lines, and the keys that sign and verify them."""

    path: Path
    keys: Mapping[str, str]

    def exists(self) -> bool:
        return self.path.exists()

    def read(self, *, tail_only: bool = False) -> CheckpointLog:
        if not self.path.exists():
            return CheckpointLog()
        with self.path.open("rb") as handle:
            first_line = 1
            if tail_only and self.path.stat().st_size > TAIL_BYTES:
                handle.seek(-TAIL_BYTES, os.SEEK_END)
                handle.readline()  # most likely a partial line
                first_line = 0  # numbers are meaningless in a tail
            raw = handle.read()
        found = CheckpointLog()
        for number, line in enumerate(raw.splitlines(), start=first_line):
            if not line.strip():
                continue
            try:
                found.checkpoints.append(_parse(line, self.keys))
            except ValueError as why:
                found.rejected.append((number, str(why)))
        return found

    def append(self, checkpoint: Checkpoint) -> None:
        """One write of one whole line to a file opened for appending, then synced."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, checkpoint.line())
            os.fsync(fd)
        finally:
            os.close(fd)


async def _hash_at(seq: int) -> str | None:
    rows = await fetch('SELECT "hash" FROM audit_event WHERE seq = ?', [seq])
    return rows[0]["hash"] if rows else None


async def disagreement(checkpoint: Checkpoint) -> str | None:
    """Why the chain in the database does not hold `checkpoint`; None when it does."""
    head_seq, _ = await chain_head()
    if head_seq < checkpoint.seq:
        return (
            f"the chain ends at seq {head_seq}, but a checkpoint signed at {checkpoint.at} vouches "
            f"for seq {checkpoint.seq}: entries {head_seq + 1}..{checkpoint.seq} were removed from the end"
        )
    found = await _hash_at(checkpoint.seq)
    if found is None:
        return f"the entry at seq {checkpoint.seq} (checkpoint of {checkpoint.at}) is missing"
    if found != checkpoint.hash:
        return (
            f"the entry at seq {checkpoint.seq} has hash {found}, but the checkpoint signed at "
            f"{checkpoint.at} recorded {checkpoint.hash}: the chain was rewritten from there on"
        )
    return None


async def write_checkpoint(
    store: CheckpointFile, *, now: dt.datetime | None = None, min_interval: float = CHECKPOINT_SECONDS
) -> Checkpoint | None:
    """Append the current head when the chain grew and `min_interval` passed since the newest
    checkpoint. Refuses (and logs an error) when the chain no longer holds that checkpoint:
    signing the shortened chain would bless the truncation."""
    now = now or clock.now()
    head_seq, head_hash = await chain_head()
    if head_seq == 0:
        return None
    newest = store.read(tail_only=True).newest
    if newest is not None:
        if newest.seq == head_seq and newest.hash == head_hash:
            return None
        problem = await disagreement(newest)
        if problem is not None:
            log.error("audit chain does not match its last checkpoint, none written: %s", problem)
            return None
        if (now - newest.moment).total_seconds() < min_interval:
            return None
    checkpoint = sign(store.keys, head_seq, head_hash, now)
    store.append(checkpoint)
    return checkpoint


@dataclass(frozen=True)
class CheckpointReport:
    """The chain's head against the checkpoints of `path`."""

    path: Path
    checkpoints: int
    newest: Checkpoint | None
    problems: tuple[str, ...]

    @property
    def holds(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return "\n".join(f"audit checkpoint FAILED: {p}" for p in self.problems)
        if self.newest is None:
            return f"no audit checkpoint in {self.path} yet (the chain is empty)"
        return (
            f"audit checkpoint holds: seq {self.newest.seq} signed at {self.newest.at} is in the chain "
            f"({self.checkpoints} checkpoints in {self.path})"
        )


async def check_checkpoints(store: CheckpointFile) -> CheckpointReport:
    """Every line's signature, and the chain against the newest genuine checkpoint. A sealed
    chain without any checkpoint fails too: the file is the evidence, and removing it must
    not be a way to make a truncation pass."""
    found = store.read()
    problems = [f"{store.path} line {number}: {why}" for number, why in found.rejected]
    newest = found.newest
    if newest is not None and (problem := await disagreement(newest)) is not None:
        problems.insert(0, problem)
    if newest is None and (head_seq := (await chain_head())[0]) > 0:
        problems.insert(0, (
            f"no genuine checkpoint in {store.path} although the chain has {head_seq} sealed entries: "
            "the file was removed or replaced, or no worker with this key has checkpointed yet "
            "(it does within a minute of running)"
        ))  # fmt: skip
    return CheckpointReport(store.path, len(found.checkpoints), newest, tuple(problems))
