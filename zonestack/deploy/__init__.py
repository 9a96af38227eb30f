"""Running cdktf/Terraform for real: the deploy path.

Pure Python (never imports cdktf): it shells out to ``npx cdktf`` and
``terraform`` with the toolchain's environment, redacts secrets from whatever
they print (:mod:`.redact`), reads the plan line (:mod:`.summary`) and turns a
failure into one clear line (:mod:`.errors`).
"""
