#!/usr/bin/env python3
"""核验本导出包，无需本软件 / Check this package without the application.

    python3 tools/check_package.py [PACKAGE]      (PACKAGE: the bag folder or its .zip;
                                                   default: the package holding this script)

Only the Python standard library (3.8 or later) is used, so the check can be repeated on
any computer decades from now. It recomputes:

1. the SHA-256 of every file listed in ``manifest-sha256.txt`` (payload, ``data/``) and in
   ``tagmanifest-sha256.txt`` (the tag files, this script and README.txt included), and
   names each changed, missing or unlisted file;
2. when the package holds ``data/audit/events.json``: each audit event's hash,
   ``SHA-256(canonical({"v": 1, "seq": chain_seq, "prev": prev_hash, "event": event}))``,
   its link to the previous event where the sequence numbers are consecutive, and that no
   event lies beyond the chain head (``Audit-Anchor-Seq``/``-Hash`` in ``bag-info.txt``);
3. the hashes every PDF prints: its content SHA-256 (in its XMP ``dc:description``) against
   ``<doc id>.content.json`` beside it, and each data file's SHA-256 on a claim's cover
   (the list ``data_files.sha256`` embedded in the PDF) against that file in the package.
   Whether the PDF's own signature is intact needs a PDF library: ``pdfsig`` or
   ``rehab-archive verify-package`` (see README.txt).

Exit status 0 when everything agrees, 1 otherwise.
"""

import hashlib
import json
import posixpath
import re
import sys
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

MANIFEST, TAG_MANIFEST, BAG_INFO, BAGIT = ("manifest-sha256.txt", "tagmanifest-sha256.txt",
                                           "bag-info.txt", "bagit.txt")
EVENTS = "data/audit/events.json"
CONTENT_SUFFIX, CONTENT_LABEL = ".content.json", "Canonical-Content"
SUMS_NAME, SUMS_HEADER = "data_files.sha256", b"# rehab-archive"
DC_DESCRIPTION = "{http://purl.org/dc/elements/1.1/}description"
PRINTED = re.compile(r"SHA-256 ([0-9a-f]{64})\s*$")


# ----------------------------------------------------------------------- canonical form


def canonical(value):
    """The canonical bytes an audit hash is computed over: JSON with sorted keys, no
    spaces, UTF-8 (never ASCII-escaped). The extract already carries every value in its
    canonical text: dates ``YYYY-MM-DD``, instants in UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``,
    decimals as plain strings (``"12.5"``); numbers inside ``details`` stay JSON numbers,
    floats in their shortest round-trip form."""
    return json.dumps(_checked(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def _checked(value):
    """Only JSON's own types can occur; anything else means the file was not ours."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return value
    if isinstance(value, dict):
        return {str(key): _checked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_checked(item) for item in value]
    raise ValueError("no canonical form for " + type(value).__name__)


def event_hash(seq, prev_hash, event):
    return hashlib.sha256(canonical({"v": 1, "seq": seq, "prev": prev_hash,
                                     "event": event})).hexdigest()


# ----------------------------------------------------------------------- the package


def read_package(path):
    """Path inside the bag → bytes, from a folder or a zip (its one top folder stripped)."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}
    with zipfile.ZipFile(str(path)) as archive:
        files = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        cut = len(tops.pop()) + 1
        return {name[cut:]: data for name, data in files.items()}
    return files


def _decode(path):
    return path.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def check_manifests(files, problems):
    """Every listed file against its SHA-256; every file must be listed somewhere."""
    covered = {BAGIT, TAG_MANIFEST, TAG_MANIFEST + ".p7s"}  # the signature: see README.txt
    for name in (MANIFEST, TAG_MANIFEST):
        if name not in files:
            problems.append(name + ": 缺失 / missing")
            continue
        for number, line in enumerate(files[name].decode("utf-8", "replace").splitlines(), 1):
            if not line.strip():
                continue
            digest, _, listed = line.partition(" ")
            listed = _decode(listed.strip())
            if len(digest) != 64 or not listed:
                problems.append(f"{name}: 第 {number} 行无效 / line {number} invalid")
                continue
            if name == MANIFEST and not listed.startswith("data/"):
                problems.append(f"{name}: 列出 data/ 之外的 {listed} / lists {listed} outside data/")
                continue
            covered.add(listed)
            if listed not in files:
                problems.append(listed + ": 缺失 / missing")
            elif hashlib.sha256(files[listed]).hexdigest() != digest.lower():
                problems.append(listed + ": 内容已改变 / changed (SHA-256)")
    for extra in sorted(set(files) - covered):
        problems.append(extra + ": 清单外的文件 / extra (in no manifest)")


def bag_info(files):
    info = {}
    for line in files.get(BAG_INFO, b"").decode("utf-8", "replace").splitlines():
        label, sep, value = line.partition(":")
        if sep:
            info[label.strip()] = value.strip()
    return info


def check_audit(events, info, problems):
    """Each event's own hash, its link where seqs are consecutive, nothing past the head."""
    head_seq = int(info.get("Audit-Anchor-Seq", "0") or 0)
    head_hash = info.get("Audit-Anchor-Hash", "")
    previous = None
    for entry in events:
        seq = entry.get("chain_seq")
        label = "审计事件 / audit event id {} (seq {})".format((entry.get("event") or {}).get("id"), seq)
        try:
            recomputed = event_hash(seq, entry["prev_hash"], entry["event"])
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{label}: 无法重算 / cannot recompute ({exc})")
            previous = None
            continue
        if recomputed != entry.get("hash"):
            problems.append(f"{label}: 哈希不符 / hash mismatch (recomputed {recomputed})")
        if previous is not None and previous.get("chain_seq") is not None and seq is not None:
            if seq <= previous["chain_seq"]:
                problems.append(f"{label}: 顺序错误 / out of order")
            elif seq == previous["chain_seq"] + 1 and entry["prev_hash"] != previous.get("hash"):
                problems.append("{}: 与前一事件不衔接 / prev_hash does not link to seq {}".format(
                    label, previous["chain_seq"]))
        if head_seq and isinstance(seq, int):
            if seq > head_seq:
                problems.append(f"{label}: 晚于链头 / beyond the chain head {head_seq}")
            elif seq == head_seq and entry.get("hash") != head_hash:
                problems.append(f"{label}: 与 bag-info 的链头不符 / differs from the chain head")
        previous = entry


# ----------------------------------------------------------------------- printed hashes


def printed_content_hashes(pdf):
    """The content SHA-256 each XMP packet of the PDF states in ``dc:description`` (the
    packets are stored uncompressed, so they are found without a PDF library)."""
    found = set()
    for packet in re.findall(rb"<\?xpacket begin=.*?<\?xpacket end=[^>]*>", pdf, re.S):
        try:
            root = ElementTree.fromstring(packet)
        except ElementTree.ParseError:
            continue
        for description in root.iter(DC_DESCRIPTION):
            for text in description.itertext():
                match = PRINTED.search(text.strip())
                if match:
                    found.add(match.group(1))
    return found


def declared_lists(pdf):
    """Every embedded ``data_files.sha256`` in the PDF: a stream (Flate-compressed or not)
    whose content starts with its fixed first line."""
    lists = []
    view = memoryview(pdf)
    for match in re.finditer(rb"[^d]stream\r?\n", pdf):
        start = match.end()
        try:
            head = zlib.decompressobj().decompress(view[start:start + 4096], len(SUMS_HEADER))
        except zlib.error:
            head = bytes(view[start:start + len(SUMS_HEADER)])
        if head != SUMS_HEADER:
            continue
        end = pdf.find(b"endstream", start)
        try:
            listing = zlib.decompressobj().decompress(view[start:end])
        except zlib.error:
            listing = bytes(view[start:end])
        if listing not in lists:
            lists.append(listing)
    return lists


def declared_sums(listing):
    pairs = []
    for line in listing.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if line.startswith("#") or not name:
            continue
        pairs.append((digest.strip().lower(), name.strip()))
    return pairs


def nearest(pdf_path, name, data_files):
    """The package's data file called ``name`` nearest the PDF (a binder holds several)."""
    same = [p for p in data_files if posixpath.basename(p) == name]
    return max(same, key=lambda p: len(posixpath.commonpath([p, pdf_path])), default=None)


def check_printed(files, info, problems):
    """What each PDF prints against the files that are in the package; the PDFs' count. A
    ``.content.json`` missing counts only if bag-info promises them (``Canonical-Content``):
    packages exported before they were added have none."""
    data_files = [p for p in sorted(files) if p.startswith("data/") and not p.lower().endswith(".pdf")
                  and not p.endswith(CONTENT_SUFFIX)]
    for path in sorted(p for p in files if p.startswith("data/") and p.lower().endswith(".pdf")):
        pdf, found = files[path], []
        content = path[:-len(".pdf")] + CONTENT_SUFFIX
        for printed in sorted(printed_content_hashes(pdf)):
            if content not in files:
                if CONTENT_LABEL in info:
                    found.append(f"{content}: 缺失：{path} 印出的内容摘要无法重算 / missing: the "
                                 f"canonical content of {path}, so its printed SHA-256 cannot be "
                                 "recomputed")
            elif hashlib.sha256(files[content]).hexdigest() != printed:
                found.append(f"{content}: 与 {path} 印出的内容 SHA-256 不符 / differs from the content "
                             f"SHA-256 printed on {path}")
        for listing in declared_lists(pdf):
            for digest, name in declared_sums(listing):
                data_path = nearest(path, name, data_files)
                if data_path is None:
                    found.append(f"{name}: {path} 印出了它的 SHA-256，但包中没有该文件 / printed on {path} "
                                 "but not in the package")
                elif hashlib.sha256(files[data_path]).hexdigest() != digest:
                    found.append(f"{data_path}: 与 {path} 印出的 SHA-256 不符 / differs from the SHA-256 "
                                 f"printed on {path}")
        problems += sorted(set(found), key=found.index)
    return sum(1 for p in files if p.startswith("data/") and p.lower().endswith(".pdf"))


def check(path):
    """(problems, counts) for the package at ``path``."""
    problems = []
    if not path.exists():
        return [str(path) + ": 缺失 / missing"], {}
    files = read_package(path)
    if files.get(BAGIT, b"").split(b"\n")[0].strip() != b"BagIt-Version: 1.0":
        problems.append(BAGIT + ": 缺失或无效 / missing or invalid")
    check_manifests(files, problems)
    info = bag_info(files)
    payload = [data for name, data in files.items() if name.startswith("data/")]
    oxum = f"{sum(len(d) for d in payload)}.{len(payload)}"
    if "Payload-Oxum" in info and info["Payload-Oxum"] != oxum:
        problems.append("{}: Payload-Oxum {} ≠ {}".format(BAG_INFO, info["Payload-Oxum"], oxum))
    counts = {"files": len(files), "events": 0, "pdfs": check_printed(files, info, problems)}
    if EVENTS in files:
        try:
            events = json.loads(files[EVENTS].decode("utf-8"))
        except ValueError as exc:
            problems.append(f"{EVENTS}: 不是有效的 JSON / not valid JSON ({exc})")
        else:
            counts["events"] = len(events)
            check_audit(events, info, problems)
    return problems, counts


def main(argv):
    here = Path(__file__).resolve().parent.parent
    path = Path(argv[1]) if len(argv) > 1 else here
    problems, counts = check(path)
    print(f"包 / package: {path}")
    for problem in problems:
        print("  ✗ " + problem)
    if problems:
        print(f"未通过：{len(problems)} 处问题 / FAILED: {len(problems)} problem(s)")
        return 1
    print("核验通过：{} 个文件的 SHA-256 与清单一致，{} 个审计事件的哈希重算一致，"
          "{} 个 PDF 印出的摘要与包中文件一致 / OK: {} files match their SHA-256, {} audit event "
          "hashes recomputed, the hashes {} PDFs print match the files".format(
              counts["files"], counts["events"], counts["pdfs"], counts["files"], counts["events"],
              counts["pdfs"]))
    print("PDF 签名本身请用 pdfsig 或 rehab-archive verify-package 核验 / check the PDF signatures "
          "themselves with pdfsig or rehab-archive verify-package")
    return 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(main(sys.argv))
