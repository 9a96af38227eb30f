"""Restoring a zone from a LiveDNS snapshot (Gandi's own rollback points)."""
