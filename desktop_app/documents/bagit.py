"""BagIt packages (RFC 8493): write a bag as a folder or a deterministic zip, and check
one without the database — an auditor's tool.

A bag is ``bagit.txt`` (the declaration), ``data/`` (the payload), ``manifest-sha256.txt``
(SHA-256 of every payload file), ``bag-info.txt`` (who, what, the audit anchor) and
``tagmanifest-sha256.txt`` (SHA-256 of the tag files, so a changed bag-info or manifest
is caught too). A signed bag adds ``tagmanifest-sha256.txt.p7s``, a detached CMS signature
over the tag manifest made with the institution's certificate: it cannot be listed in the
manifest it signs, so it is the one file no manifest covers. A zipped bag holds the bag in
one top-level folder named after it, its entries sorted, with fixed timestamps
(``zipfiles.deterministic_zip``).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import sys
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.documents.zipfiles import deterministic_zip

DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAG_INFO = "bag-info.txt"
BAGIT = "bagit.txt"
TAG_SIGNATURE = f"{TAG_MANIFEST}.p7s"


def _encode(path: str) -> str:
    """RFC 8493 §2.1.3: %, CR and LF in a file path are percent-encoded in manifests."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _decode(path: str) -> str:
    return path.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(entries: Mapping[str, bytes]) -> bytes:
    return "".join(f"{_sha256(entries[p])}  {_encode(p)}\n" for p in sorted(entries)).encode("utf-8")


def make_bag(payload: Mapping[str, bytes], info: Sequence[tuple[str, str]],
             extra_tags: Mapping[str, bytes] | None = None,
             sign_tags: Callable[[bytes], bytes] | None = None) -> dict[str, bytes]:
    """Every file of the bag (path → bytes): ``payload`` paths are relative to ``data/``.
    ``Payload-Oxum`` is added to ``info``. ``extra_tags`` (README, tools) sit beside the
    tag files and are listed in the tag manifest, so a changed one is caught too.
    ``sign_tags`` (a detached CMS signature of given bytes) signs the tag manifest."""
    extra = dict(extra_tags or {})
    for path in [*payload, *extra]:
        if path.startswith("/") or ".." in path.split("/") or "\\" in path:
            raise ValueError(f"unsafe payload path {path!r}")
    own = (BAGIT, BAG_INFO, MANIFEST, TAG_MANIFEST, TAG_SIGNATURE)
    if clash := {p for p in extra if p.startswith("data/") or p in own}:
        raise ValueError(f"tag files clash with the bag's own: {sorted(clash)}")
    data = {f"data/{p}": content for p, content in payload.items()}
    oxum = f"{sum(len(c) for c in data.values())}.{len(data)}"
    lines = [*info, ("Payload-Oxum", oxum)]
    bag_info = "".join(f"{label}: {value.replace(chr(10), ' ')}\n" for label, value in lines)
    tags = {**extra, BAGIT: DECLARATION, BAG_INFO: bag_info.encode("utf-8"), MANIFEST: _manifest(data)}
    tag_manifest = _manifest(tags)
    signature = {TAG_SIGNATURE: sign_tags(tag_manifest)} if sign_tags else {}
    return {**data, **tags, TAG_MANIFEST: tag_manifest, **signature}


def write_folder(bag: Mapping[str, bytes], folder: Path) -> Path:
    """The bag as a folder; refused if the folder exists and is not empty."""
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(folder)
    for path, content in sorted(bag.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)
    if _SYNCFS:
        _sync_filesystem(folder)
    else:
        for sub in sorted({(folder / p).parent for p in bag}, reverse=True):
            _fsync(sub)
    return folder


def zip_bytes(bag: Mapping[str, bytes], name: str) -> bytes:
    """The bag zipped under one top-level folder ``name`` (RFC 8493 §4.2 serialization)."""
    return deterministic_zip({f"{name}/{path}": content for path, content in bag.items()})


# ----------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str  # changed / missing / extra / invalid
    detail: str = ""

    def __str__(self) -> str:
        zh = {"changed": "内容已改变", "missing": "缺失", "extra": "清单外的文件",
              "invalid": "无效"}.get(self.kind, self.kind)
        return f"{self.path}: {zh} / {self.kind}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class BagCheck:
    files: int
    info: dict[str, str]
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_bag(path: Path) -> dict[str, bytes]:
    """The files of a bag folder, or of a zipped bag (its one top-level folder stripped)."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}
    with zipfile.ZipFile(path) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    tops = {name.split("/", 1)[0] for name in entries}
    if len(tops) == 1 and all("/" in name for name in entries):
        prefix = tops.pop() + "/"
        return {name[len(prefix):]: content for name, content in entries.items()}
    return entries


def _parse_manifest(text: bytes, name: str, problems: list[Problem]) -> dict[str, str]:
    listed: dict[str, str] = {}
    for number, line in enumerate(text.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, path = line.partition(" ")
        path = path.strip()
        if len(digest) != 64 or not path:
            problems.append(Problem(name, "invalid", f"line {number}"))
            continue
        listed[_decode(path)] = digest.lower()
    return listed


def _parse_info(text: bytes) -> dict[str, str]:
    info: dict[str, str] = {}
    for line in text.decode("utf-8", "replace").splitlines():
        label, sep, value = line.partition(":")
        if sep:
            info[label.strip()] = value.strip()
    return info


def check_bag(path: Path) -> BagCheck:
    """Every payload and tag file against its manifest: names each changed, missing or
    extra file. Needs nothing but the package."""
    if not path.exists():
        return BagCheck(0, {}, (Problem(str(path), "missing"),))
    try:
        files = read_bag(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return BagCheck(0, {}, (Problem(str(path), "invalid", str(exc)),))
    problems: list[Problem] = []
    if files.get(BAGIT, b"").split(b"\n")[0].strip() != b"BagIt-Version: 1.0":
        problems.append(Problem(BAGIT, "missing" if BAGIT not in files else "invalid"))
    covered = {BAGIT, TAG_MANIFEST, TAG_SIGNATURE} if BAGIT in files else {TAG_MANIFEST, TAG_SIGNATURE}
    for name, scope in ((MANIFEST, "data/"), (TAG_MANIFEST, "")):
        if name not in files:
            problems.append(Problem(name, "missing"))
            continue
        for listed, digest in sorted(_parse_manifest(files[name], name, problems).items()):
            if name == MANIFEST and not listed.startswith(scope):
                problems.append(Problem(name, "invalid", f"lists {listed} outside data/"))
                continue
            covered.add(listed)
            if listed not in files:
                problems.append(Problem(listed, "missing"))
            elif _sha256(files[listed]) != digest:
                problems.append(Problem(listed, "changed"))
    problems += [Problem(p, "extra") for p in sorted(files) if p not in covered]
    info = _parse_info(files.get(BAG_INFO, b""))
    payload = [c for p, c in files.items() if p.startswith("data/")]
    oxum = f"{sum(len(c) for c in payload)}.{len(payload)}"
    if "Payload-Oxum" in info and info["Payload-Oxum"] != oxum:
        problems.append(Problem(BAG_INFO, "invalid", f"Payload-Oxum {info['Payload-Oxum']} ≠ {oxum}"))
    return BagCheck(len(files), info, tuple(problems))


def write_package(bag: Mapping[str, bytes], out_dir: Path, name: str) -> tuple[Path, Path]:
    """The bag as ``out_dir/name/`` and ``out_dir/name.zip``; refused (nothing written) if
    either exists already. Both are written under hidden ``.partial`` names, flushed to the
    disk and only then renamed, so a package under its final name is always complete; on a
    failure (a full disk) nothing of it is left, and a leftover of a killed run is replaced."""
    folder, archive = out_dir / name, out_dir / f"{name}.zip"
    for existing in (folder, archive):
        if existing.exists():
            raise FileExistsError(existing)
    out_dir.mkdir(parents=True, exist_ok=True)
    partial_folder, partial_zip = partial_name(folder), partial_name(archive)
    renamed: list[Path] = []
    try:
        _remove(partial_folder)
        _remove(partial_zip)
        _write(partial_zip, zip_bytes(bag, name))
        write_folder(bag, partial_folder)  # flushes the zip too where one syncfs does it all
        for partial, final in ((partial_folder, folder), (partial_zip, archive)):
            partial.rename(final)
            renamed.append(final)
        _fsync(out_dir)
    except BaseException:
        for path in (partial_folder, partial_zip, *renamed):
            _remove(path)
        raise
    return folder, archive


def partial_name(path: Path) -> Path:
    """Where ``path`` is written until it is complete: hidden, ending in ``.partial``."""
    return path.with_name(f".{path.name}.partial")


def _write(path: Path, content: bytes) -> None:
    """A new file; flushed now unless one ``syncfs`` flushes the whole package later."""
    if _SYNCFS is None:
        _write_synced(path, content)
        return
    with path.open("xb") as out:
        out.write(content)


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("xb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def _load_syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)``: one call flushes every file and folder entry written on the
    filesystem that holds a folder — a package's two dozen files at the cost of about one
    ``fsync`` (a month's export wrote 31 a package). None elsewhere: files are fsynced one by
    one."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_SYNCFS = _load_syncfs()


def _sync_filesystem(folder: Path) -> None:
    assert _SYNCFS is not None
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _SYNCFS(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's entries (not possible on Windows, where NTFS journals them)."""
    if path.is_dir() and os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a package's folder or zip (or a partial one), if there."""
    _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
