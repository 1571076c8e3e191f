"""What every benchmark script shares: the machine it ran on and how its JSON is written."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
"""Where the scripts write their JSON (not kept in git)."""


def machine() -> dict[str, Any]:
    """The Python, the processor, its cores and the memory of this machine."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gib = None
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        first = meminfo.read_text(encoding="utf-8").splitlines()[0]
        memory_gib = round(int(first.split()[1]) / 2**20, 1)
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": model,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
    }


def write_json(path: Path, document: dict[str, Any]) -> Path:
    """Write `document` (with the machine added) as indented JSON to `path`; the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": machine(), **document}, indent=2) + "\n", encoding="utf-8")
    return path


def high_water_mib() -> float:
    """This process's peak resident memory in MiB (Linux VmHWM; unlike ru_maxrss it is not
    inherited across exec from the parent that started the process)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_high_water() -> None:
    """Start this process's peak resident memory afresh from what it holds now (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
