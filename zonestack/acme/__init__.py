"""ACME orphans: ``_acme-challenge`` TXT values that DNS-01 bots left behind."""
