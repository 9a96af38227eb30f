"""The cutover: the nameserver flip to LiveDNS, checked before, gated, applied as a plan, proven after.

``preflight`` turns what verify, audit and the parent zone say into one line each with its
evidence and, when it refuses, the way forward; ``ds_memory`` remembers the DS the parent served
(so the wait after removing it is computed from its served TTL, never guessed); ``report`` writes
the Markdown record for the change ticket. The command is ``zonestack/cli/cutover_cmd.py``.
"""
