"""Exporters: the zone model written out as record files or BIND zone files."""
