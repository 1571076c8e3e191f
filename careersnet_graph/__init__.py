"""careersnet-graph: an open knowledge graph of European lifelong guidance and career development.

The public names are imported on first use, so that the command line starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careersnet_graph.errors import CareersnetError, RdfInputError
    from careersnet_graph.graph import KnowledgeGraph
    from careersnet_graph.loading import load

__all__ = ["CareersnetError", "KnowledgeGraph", "RdfInputError", "load"]
__version__ = "0.1.0"

_HOMES = {
    "CareersnetError": "careersnet_graph.errors",
    "RdfInputError": "careersnet_graph.errors",
    "KnowledgeGraph": "careersnet_graph.graph",
    "load": "careersnet_graph.loading",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module  # noqa: PLC0415

        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'careersnet_graph' has no attribute {name!r}")
