"""Fill English translations into resources/i18n/yichuang_en.ts from a JSON object {source: english}.

Keys may also be "Context|source" to translate one context only. Prints what is still unfinished.
Usage: python scripts/fill_translations.py mapping.json   (then run scripts/i18n.sh to compile)
"""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "i18n" / "yichuang_en.ts"

mapping = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
tree = ET.parse(TS)
unfinished = []
for context in tree.getroot().iter("context"):
    name = context.findtext("name")
    for message in context.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        english = mapping.get(f"{name}|{source}", mapping.get(source))
        if english is not None:
            translation.text = english
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished" or not (translation.text or "").strip():
            unfinished.append(f"{name}|{source}")
text = ET.tostring(tree.getroot(), encoding="unicode")
TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + text + "\n", encoding="utf-8")
for entry in unfinished:
    print("unfinished:", entry.replace("\n", "\\n"))
