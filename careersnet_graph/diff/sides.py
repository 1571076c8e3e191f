"""One side of a diff: a build's export folder, a data folder or a git revision of the data.

Each side is loaded into a fresh store of its own (with the current ontology): an export folder
from its N-Quads export (the ontology graph it carries is left out), a data folder as it is, a
git revision from `git archive REV data` unpacked into a temporary folder.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from careersnet_graph.errors import CareersnetError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load
from careersnet_graph.namespaces import ONTOLOGY_GRAPH
from careersnet_graph.store import open_store

__all__ = ["EXPORT_FILE", "loaded_side"]

EXPORT_FILE = "careersnet-graph.nq"
"""The export a build folder is read from: N-Quads keeps every statement's source graph."""


@contextmanager
def loaded_side(argument: str, store: str, repository: Path) -> Iterator[KnowledgeGraph]:
    """The graph `argument` names, loaded into a new `store` ("oxigraph" or "memory")."""
    if store not in ("oxigraph", "memory"):
        raise CareersnetError(
            f"--store {store}: diff loads two releases side by side, into oxigraph or memory stores only"
        )
    path = Path(argument)
    with tempfile.TemporaryDirectory(prefix="careersnet-diff-") as folder:
        if (path / EXPORT_FILE).is_file():
            data = _export_data(path / EXPORT_FILE, Path(folder))
        elif path.is_dir():
            data = path
        elif path.exists():
            raise CareersnetError(
                f"{argument}: not a folder (give an export folder, a data folder or a git revision)"
            )
        else:
            data = _revision_data(argument, repository, Path(folder))
        kg = load([data], shipped=False, store=open_store(store))
        try:
            yield kg
        finally:
            kg.close()


def _export_data(export: Path, folder: Path) -> Path:
    """The export's statements without the ontology graph, as an N-Quads file in `folder`."""
    ontology = f"<{ONTOLOGY_GRAPH.value}> .\n"
    target = folder / "export.nq"
    with export.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        out.writelines(line for line in lines if not line.endswith(ontology))
    return target


def _revision_data(revision: str, repository: Path, folder: Path) -> Path:
    """The `data` folder of `revision` in the git repository at `repository`, unpacked into `folder`."""
    if revision.startswith("-"):
        raise CareersnetError(f"{revision}: not a folder or a git revision")
    try:
        archive = subprocess.run(
            ["git", "-C", str(repository), "archive", "--format=tar", f"{revision}^{{commit}}", "data"],
            check=True,
            capture_output=True,
        ).stdout
    except FileNotFoundError:
        raise CareersnetError(
            f"{revision}: not a folder, and git is not installed to read it as a revision"
        ) from None
    except subprocess.CalledProcessError as error:
        reason = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CareersnetError(
            f"{revision}: not a folder or a git revision of {repository}"
            + (f" ({reason[-1]})" if reason else "")
        ) from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "data"
