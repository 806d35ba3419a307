"""Printers: PDF jobs for a print queue (CUPS through lp; the Qt path lives in app/ui/printing.py)."""
