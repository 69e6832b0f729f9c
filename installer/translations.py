"""Keep the Qt Linguist files in step with the interface's labels.

    .venv/bin/python installer/translations.py [--check]

For every module under ``desktop_app/ui`` that marks labels (``tr("…")`` or
``QT_TR_NOOP("…")``), ``pyside6-lupdate`` refreshes ``resources/i18n/en/<module>.ts``:
new labels arrive unfinished, translations already made are kept, vanished ones dropped.
Translate the unfinished ones (Qt Linguist: ``pyside6-linguist FILE``, or by hand in the
XML). ``--check`` changes nothing and exits 1 while a label lacks its translation, or while two
files translate the same label differently (all files share one context at run time).
The app compiles the files with ``python -m desktop_app.ui.kit.i18n`` (bootstrap and build do).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "desktop_app" / "ui"
TARGET = ROOT / "resources" / "i18n" / "en"
MARKED = re.compile(r"\b(?:tr|QT_TR_NOOP|QT_TRANSLATE_NOOP)\(\s*\"")


def marked_modules() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py")
                  if p.name != "i18n.py" and MARKED.search(p.read_text(encoding="utf-8")))


def ts_for(module: Path) -> Path:
    dotted = ".".join(module.relative_to(UI).with_suffix("").parts)
    return TARGET / f"{dotted}.ts"


def lupdate() -> str:
    return str(Path(sys.executable).with_name("pyside6-lupdate"))


def unfinished(ts: Path) -> list[str]:
    """Source texts of ``ts`` without a finished translation."""
    missing = []
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "vanished") \
                or not (translation.text or "").strip():
            missing.append(source)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 if incomplete")
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    incomplete = 0
    for module in marked_modules():
        ts = ts_for(module)
        if not args.check:
            subprocess.run([lupdate(), "-silent", "-no-obsolete", "-locations", "none",
                            "-source-language", "zh_CN", "-target-language", "en",
                            str(module), "-ts", str(ts)], check=True)
        missing = unfinished(ts) if ts.exists() else ["(no .ts file)"]
        if missing:
            incomplete += len(missing)
            print(f"{ts.relative_to(ROOT)}: {len(missing)} to translate")
            for text in missing:
                print(f"    {text}")
    clashes = disagreements(sorted(TARGET.glob("*.ts")))
    for (context, source), translations in clashes.items():
        print(f"[{context or 'default'}] {source}: translated differently: "
              + " / ".join(sorted(translations)))
    return 1 if (incomplete or clashes) and args.check else 0


def disagreements(files: list[Path]) -> dict[tuple[str, str], set[str]]:
    """The same source in the same context translated differently in two files: the app
    loads them all into one context, so only one could win."""
    seen: dict[tuple[str, str], set[str]] = {}
    for ts in files:
        for context in ElementTree.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                text = (message.findtext("translation") or "").strip()
                if text:
                    seen.setdefault((name, message.findtext("source") or ""), set()).add(text)
    return {key: values for key, values in seen.items() if len(values) > 1}


if __name__ == "__main__":
    sys.exit(main())
