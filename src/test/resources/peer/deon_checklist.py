"""Dumps the checklist deon packages (deon.deon.DEFAULT_CHECKLIST), as deon's own parser reads it, to JSON.

usage: deon_checklist.py OUT.json
"""
import json
import sys
from importlib.metadata import version

from deon.deon import DEFAULT_CHECKLIST
from deon.parser import Checklist

cl = Checklist.read(DEFAULT_CHECKLIST)
out = {
    "deon_version": version("deon"),
    "file": str(DEFAULT_CHECKLIST),
    "title": cl.title,
    "sections": [
        {
            "title": s.title,
            "section_id": s.section_id,
            "lines": [{"line_id": l.line_id, "line_summary": l.line_summary, "line": l.line} for l in s.lines],
        }
        for s in cl.sections
    ],
}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2)
