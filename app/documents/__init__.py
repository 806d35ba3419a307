"""Printed documents (notices, receipts) rendered to PDF with reportlab; Qt-free, testable alone."""
