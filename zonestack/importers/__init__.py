"""Importers: zones that live elsewhere (a BIND export, Gandi itself) → record files."""
