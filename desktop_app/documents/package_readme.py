"""What makes a package readable without the application: ``README.txt`` (Chinese and
English) naming every file, and ``tools/check_package.py``, a standard-library-only script
that recomputes the file hashes and the audit segment (``resources/package/``).

Both are tag files: listed in ``tagmanifest-sha256.txt``, outside ``data/``, so the payload
and its manifest stay what the export produced.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from desktop_app.documents.data_files import CANONICAL_NAME
from desktop_app.documents.identity import CONTENT_SUFFIX
from desktop_app.paths import resources_dir

SCRIPT = "tools/check_package.py"
README = "README.txt"

# folder or file (within the bag) → (中文, English, for people / machines)
_PEOPLE, _MACHINES, _BOTH = "人读 / people", "机读 / machines", "人读+机读 / both"
_DESCRIPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("data/00_index/", "康复档案目录（PDF/A），列出各部分及其 SHA-256",
     "archive index (PDF/A): every part below with its SHA-256", _PEOPLE),
    ("data/01_application/", "申请材料、认定与核准文书扫描件；核准（确认）结论（APPR-*.pdf，PDF/A）及其记录 "
     "approvals.json；康复价值评估报告及康复治疗建议（VALUE-*.pdf）",
     "application materials, recognition and approval scans; each approval (APPR-*.pdf, PDF/A) and "
     "the approvals as records; the rehab value assessment and treatment recommendation "
     "(VALUE-*.pdf)", _BOTH),
    ("data/02_plan/", "康复治疗方案各版本（PDF/A，含签名）",
     "every treatment plan version (PDF/A, with signatures)", _PEOPLE),
    ("data/03_prescriptions/", "康复治疗处方（PRESC-*.pdf，PDF/A）及其已签名记录 prescriptions.json",
     "the prescriptions (PRESC-*.pdf, PDF/A) and as signed records (prescriptions.json)", _BOTH),
    ("data/04_execution/", "每月康复执行单（PDF/A）及患者签字单扫描件",
     "monthly execution sheets (PDF/A) and signed-sheet scans", _PEOPLE),
    ("data/05_assessment/", "康复评估与效果评定报告（PDF/A）",
     "assessment and outcome reports (PDF/A)", _PEOPLE),
    ("data/06_claims/", "知情同意书；每份已确认结算申报一个文件夹：申报表、费用清单（PDF/A）、数据文件与 "
     "claim_canonical.json", "consents; a folder per frozen claim: cover sheet and fee list (PDF/A), "
     "data files and claim_canonical.json", _BOTH),
    ("data/07_other/", "其他附件", "other attachments", _PEOPLE),
    ("data/audit/events.json", "本病例的审计事件，含计算哈希的全部字段（可离线重算）",
     "the case's audit events with every hashed field (recomputable offline)", _MACHINES),
    ("data/audit/events.csv", "同上，表格形式（Excel 可打开；不用于重算）",
     "the same as a table (opens in Excel; not for recomputing)", _PEOPLE),
    ("data/documents/", "结算申报表、费用清单（PDF/A-3b，内嵌数据文件）、执行单、治疗方案；地区规则要求时"
     "另附核准（确认）结论 APPR-*、康复价值评估报告 VALUE-*、治疗处方 PRESC-*",
     "claim cover sheet and fee list (PDF/A-3b, data files inside), execution sheet, plans; where "
     "the case's regional rules ask, also the approvals APPR-*, the rehab value "
     "assessment VALUE-* and the prescriptions PRESC-*", _PEOPLE),
    ("data/data_files/", "地区格式的结算数据文件：JSON、CSV 供系统读取，XLSX 供人阅读（也可供系统读取），"
     "及 claim_canonical.json（冻结摘要所覆盖的规范化记录）；见下文“数据文件”",
     "the claim's data files in the region's format: JSON and CSV for machines, XLSX for people "
     "(and systems), and claim_canonical.json (the canonical record the frozen SHA-256 covers); "
     "see \"Data files\" below", _BOTH),
    ("bagit.txt", "BagIt 声明（RFC 8493）", "BagIt declaration (RFC 8493)", _MACHINES),
    ("bag-info.txt", "机构、包名、日期、审计链头（Audit-Anchor-Seq/-Hash）、Payload-Oxum",
     "institution, name, date, audit chain head (Audit-Anchor-Seq/-Hash), Payload-Oxum", _BOTH),
    ("manifest-sha256.txt", "data/ 下每个文件的 SHA-256", "SHA-256 of every file under data/",
     _MACHINES),
    ("tagmanifest-sha256.txt", "标签文件（本说明、脚本、清单、bag-info）的 SHA-256",
     "SHA-256 of the tag files (this README, the script, manifest, bag-info)", _MACHINES),
    ("tagmanifest-sha256.txt.p7s", "机构证书对 tagmanifest-sha256.txt 的分离式 CMS 签名（DER）；"
     "它签署标签清单，因此不能列在该清单中",
     "the institution certificate's detached CMS signature (DER) over tagmanifest-sha256.txt; "
     "it signs the tag manifest, so it cannot be listed in it", _MACHINES),
    (README, "本说明", "this file", _PEOPLE),
    (SCRIPT, "离线核验脚本（仅用 Python 标准库）", "offline check script (Python standard library only)",
     _MACHINES),
)

_HOW = """\
如何核验 / How to check (in the package folder; unzip the .zip first)

1. 文件哈希 / file hashes (GNU coreutils):
       sha256sum -c manifest-sha256.txt
       sha256sum -c tagmanifest-sha256.txt
2. PDF 签名 / PDF signatures (poppler-utils), for each PDF:
       pdfsig data/<folder>/<file>.pdf
   pdfsig 显示的 Signing Time 是签署电脑的时钟。签章注明“经可信时间戳”时，RFC 3161 时间戳
   在签名之内，pdfsig 不显示它：用 rehab-archive verify-package 核验并显示其时间和机构。
   机构证书为机构自签发，没有 OCSP 或 CRL，包内也不附；pdfsig 报 Certificate issuer isn't
   Trusted 是因为它不认识机构的根证书，须对照机构提供的根证书判断。
   pdfsig's Signing Time is the signing PC's clock. Where the stamp says the time is
   time-stamped, the RFC 3161 token is inside the signature; pdfsig does not show it:
   rehab-archive verify-package checks it and reports its time and authority. The
   institution's certificate is self-issued, with no OCSP or CRL, and none is included;
   "Certificate issuer isn't Trusted" means pdfsig does not know the institution's root.
3. BagIt 校验器 / a BagIt validator, e.g. the Library of Congress bagit-python:
       bagit.py --validate .
4. 离线脚本 / the offline script (Python 3.8+, standard library only, no installation):
       python3 tools/check_package.py .
   它重算每个文件的 SHA-256、每个审计事件的哈希，以及每个 PDF 印出的摘要（见下文），
   退出码 0 为通过、1 为不通过；结果应与本软件的 `rehab-archive verify-package` 一致。
   它不核验 PDF 签名本身（须用 pdfsig 或 verify-package）。
   It recomputes every file's SHA-256, every audit event's hash and the hashes each PDF
   prints (below); exit status 0 means the package checks, 1 that it does not. It agrees
   with `rehab-archive verify-package`. It does not check the PDF signatures themselves
   (that needs pdfsig or verify-package).
"""

_PRINTED = """\
印出的摘要如何重算 / How the printed hashes recompute

每个 PDF 页脚的“内容 SHA-256”是同一文件夹中同名 .content.json 的 SHA-256：该文件正是
计算摘要的规范化字节（rehab-document/1：JSON，键排序，无空格，UTF-8）。
The "content SHA-256" in every PDF's footer is the SHA-256 of the .content.json of the
same name beside it: exactly the canonical bytes hashed (rehab-document/1: JSON, keys
sorted, no spaces, UTF-8).
       sha256sum {content}
"""

_CLAIM_HASHES = """\
结算申报表的“冻结摘要”是 claim_canonical.json 的 SHA-256：申报冻结时的规范化记录（申报单
标识、合计与每条费用明细），正是计算冻结摘要的字节。
The claim cover's 冻结摘要 (frozen SHA-256) is the SHA-256 of claim_canonical.json, the
canonical record frozen with the claim (its identity, totals and every fee line): exactly
the bytes hashed.
       sha256sum {canonical}
申报表“随附数据文件”表列出每个数据文件的 SHA-256；同一清单以 data_files.sha256 内嵌于
申报表和费用清单 PDF（受 PDF 签名保护），可取出后核对：
The cover's table of data files prints each file's SHA-256; the same list is embedded in
the cover and the fee list as data_files.sha256 (under the PDF's signature). To check it:
       pdfdetach -savefile data_files.sha256 -o /tmp/data_files.sha256 {cover}
       cd {folder} && sha256sum -c /tmp/data_files.sha256
"""

_SIGNED = """\
5. 标签清单的签名 / the signature over the tag manifest (OpenSSL):
       openssl cms -verify -binary -inform DER -in tagmanifest-sha256.txt.p7s -content tagmanifest-sha256.txt -noverify
   签名覆盖标签清单，清单又覆盖其余所有文件：改动任何文件后重算清单也会使签名失败。
   -noverify 只核验完整性，不核验签署人证书是否可信（须对照机构的根证书）。
   The signature covers the tag manifest, which covers every other file: recomputing the
   manifests after an edit makes it fail. -noverify checks integrity only, not whether the
   signer's certificate is trusted (that needs the institution's root certificate).
"""  # noqa: E501 - one command, to be copied whole

_AUDIT = """\
审计片段证明什么 / What the audit segment proves

data/audit/events.json 中每个事件的哈希为
Each event's hash in data/audit/events.json is
    SHA-256(canonical({"v": 1, "seq": chain_seq, "prev": prev_hash, "event": event}))
canonical：JSON，键排序，无空格，UTF-8（不转义中文）；日期 YYYY-MM-DD，时刻为 UTC
YYYY-MM-DDTHH:MM:SS.ffffffZ，金额等小数为字符串（如 "12.5"）。"event" 原样参与计算；
"actor"（操作人姓名）仅供阅读，不参与计算。
canonical: JSON, keys sorted, no spaces, UTF-8 (not escaped); dates YYYY-MM-DD, instants
in UTC YYYY-MM-DDTHH:MM:SS.ffffffZ, decimals as strings ("12.5"). "event" is hashed as it
stands; "actor" (the name) is for reading only and not hashed.

审计链覆盖整个机构，本病例的事件之间夹有其他病例的事件，因此片段证明：每个事件自身
内容未被改动，且与其记载的前一哈希（prev_hash）相连；仅在序号（chain_seq）连续处证明
两事件相邻、中间无缺失。片段不能证明本病例没有被删去的事件——这须对照机构保存的完整
审计链或锚点文件（rehab-archive verify / anchor）。bag-info.txt 中的 Audit-Anchor-Seq 与
Audit-Anchor-Hash 为导出时的链头：片段中没有晚于它的事件。
The chain covers the whole institution, so other cases' events sit between this case's.
The segment proves each event's own content and its link to the prev_hash it records;
that two events are adjacent, nothing between them, only where their chain_seq numbers
are consecutive. It cannot prove that none of the case's events was removed: for that,
compare with the institution's full chain or anchor file (rehab-archive verify / anchor).
Audit-Anchor-Seq and Audit-Anchor-Hash in bag-info.txt are the chain head at the export;
no event in the segment lies beyond it.
"""


_DATA_FILES = """\
数据文件 / Data files

给人看的：PDF（申报表、费用清单，内嵌全部数据文件）和 XLSX。XLSX 每张表第 1 行为中文表头，
第 2 行为字段名，两行冻结；金额、数量为数字（金额列求和 SUM 即申报合计，显示千分位和两位小数），
编码和证件号码为文本（保留前导零和末位 X，不会变成科学计数法）。
给系统读的：JSON（claim.json，符合 resources/schemas/claim.schema.json）和 CSV。CSV 为 UTF-8
（带 BOM，Excel 可直接打开中文）、CRLF 换行、仅一行字段名表头；每个值都按原文保存（编码、证件
号码的每一位都保留），金额为精确到分的十进制文本；表格软件会当作公式执行的文本前加单引号。
字段名：与国家医保平台（费用明细 2301/5204，结算 2304/2207）相同者为平台字段；以 wi_ 开头者为
本软件自有字段；JSON Schema 中每个字段以 x-source（"nhsa" 或 "archive"）标明来源。
文件名含 UNOFFICIAL 的为非官方地区格式（依据第三方资料整理），使用前须与经办机构核对。
For people: the PDFs (cover sheet and fee list, every data file embedded) and the XLSX. Each
XLSX sheet has a Chinese header in row 1 and the field names in row 2, both frozen; amounts
and counts are numbers (a SUM over the amount column is the claim total, shown with
thousands separators and two decimals), codes and ID numbers are text (leading zeros and a
final X kept, never in scientific notation).
For machines: the JSON (claim.json, valid against resources/schemas/claim.schema.json) and
the CSV: UTF-8 with a BOM (so Excel reads the Chinese), CRLF line ends, one header row of
field names; every value exactly as stored (every digit of codes and ID numbers), amounts
as decimal text to the fen; text a spreadsheet would run as a formula gets a leading quote.
Field names: those of the national medical-insurance platform (fee detail 2301/5204,
settlement 2304/2207) are the platform's; names starting with wi_ are the archive's own; the
JSON Schema marks each field's source as x-source "nhsa" or "archive".
Files named UNOFFICIAL follow a regional layout taken from a third-party write-up: check
them with the agency before relying on them.
"""


def offline_script() -> bytes:
    return (resources_dir() / "package" / "check_package.py").read_bytes()


def readme(title: str, payload: Iterable[str], signed: bool = False) -> bytes:
    """README.txt for a package titled ``title`` whose ``data/`` holds ``payload``; a
    ``signed`` one also carries the signature over the tag manifest."""
    present = {f"data/{p}" for p in payload} | {"bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                                                 "tagmanifest-sha256.txt", README, SCRIPT}
    if signed:
        present.add("tagmanifest-sha256.txt.p7s")
    lines = [title, "=" * 60, "",
             "本包为 BagIt 包（RFC 8493），不依赖本软件即可阅读和核验。",
             "This is a BagIt package (RFC 8493): readable and checkable without the application.",
             "", "内容 / Contents", ""]
    for path, zh, en, audience in _DESCRIPTIONS:
        if any(p == path or (path.endswith("/") and p.startswith(path)) for p in present):
            lines += [f"{path}", f"    {zh}", f"    {en}", f"    [{audience}]"]
            if path.endswith("/"):
                lines += [f"      {p[len(path):]}" for p in sorted(present) if p.startswith(path)]
    described = {p for p in present for path, *_ in _DESCRIPTIONS
                 if p == path or (path.endswith("/") and p.startswith(path))}
    if present - described:
        lines += ["其他文件 / other files"] + [f"      {p}" for p in sorted(present - described)]
    lines += ["", _HOW] + ([_SIGNED] if signed else [])
    lines += _printed_hashes(sorted(present))
    if any(posixpath.basename(p) == CANONICAL_NAME for p in present):
        lines += [_DATA_FILES]
    if "data/audit/events.json" in present:
        lines += [_AUDIT]
    return ("\n".join(lines)).replace("\n", "\r\n").encode("utf-8")


def _printed_hashes(present: list[str]) -> list[str]:
    """How the hashes the PDFs print recompute, with this package's own paths as examples."""
    contents = [p for p in present if p.endswith(CONTENT_SUFFIX)]
    canonicals = [p for p in present if posixpath.basename(p) == CANONICAL_NAME]
    parts = [_PRINTED.format(content=contents[0])] if contents else []
    if canonicals:
        folder = posixpath.dirname(canonicals[0])
        places = (folder, posixpath.join(posixpath.dirname(folder), "documents"))  # binder, claim package
        covers = [p for place in places for p in present if posixpath.dirname(p) == place
                  and posixpath.basename(p).startswith("CLAIM-") and p.endswith(".pdf")]
        parts.append(_CLAIM_HASHES.format(canonical=canonicals[0], folder=folder,
                                          cover=covers[0] if covers else "<cover>.pdf"))
    return parts


def tag_files(title: str, payload: Iterable[str], signed: bool = False) -> dict[str, bytes]:
    """The README and the script, as tag files for ``bagit.make_bag``."""
    return {README: readme(title, payload, signed), SCRIPT: offline_script()}
