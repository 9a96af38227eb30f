"""The real job in a fresh process: ``main.py`` (validate every record file and
synthesise), run in a directory holding the generated ``records/``."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    os.chdir(sys.argv[1])
    sys.path.insert(0, str(ROOT))
    sys.argv = [str(ROOT / "main.py")]
    runpy.run_path(str(ROOT / "main.py"), run_name="__main__")
