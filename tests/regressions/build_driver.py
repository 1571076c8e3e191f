"""A real build in its own process, for the atomic-build test: `python build_driver.py OUT DATA…`.

With `--mark`, it prints `before-exchange` and `after-exchange` around the swap of the output
folder (pausing 0.3 s at each, so that the test can kill it right there); with `--no-exchange`
it takes the two-rename path of systems without RENAME_EXCHANGE (pausing between the renames).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from careersnet_graph import atomic
from careersnet_graph.build import build
from careersnet_graph.loading import load


def main(argv: list[str]) -> int:
    flags = {arg for arg in argv if arg.startswith("--")}
    out, *data = [arg for arg in argv if not arg.startswith("--")]
    real_exchange = atomic.exchange
    real_rename = Path.rename

    def marked_exchange(first: Path, second: Path) -> bool:
        print("before-exchange", flush=True)
        time.sleep(0.3)
        if "--no-exchange" in flags:
            return False
        swapped = real_exchange(first, second)
        print("after-exchange", flush=True)
        time.sleep(0.3)
        return swapped

    def marked_rename(self: Path, target: str | Path) -> Path:  # the second rename of the fallback
        if ".staging-" in self.name and Path(target).name == Path(out).name:
            print("between-renames", flush=True)
            time.sleep(0.3)
        return real_rename(self, target)

    if "--mark" in flags or "--no-exchange" in flags:
        atomic.exchange = marked_exchange
    if "--no-exchange" in flags:
        Path.rename = marked_rename  # type: ignore[method-assign]
    result = build(load(data, shipped=False), Path(out))
    print("done" if result.conforms else "nonconformant", flush=True)
    return 0 if result.conforms else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
