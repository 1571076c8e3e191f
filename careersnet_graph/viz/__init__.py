"""Interactive, offline, self-contained HTML pages of the partnership networks (vis-network via pyvis).

The public names are imported on first use (networkx and pyvis are slow to import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careersnet_graph.viz.pages import network_page, projection_page, write_network_page, write_pages
    from careersnet_graph.viz.settings import PageSettings

__all__ = ["PageSettings", "network_page", "projection_page", "write_network_page", "write_pages"]


def __getattr__(name: str) -> Any:
    from importlib import import_module  # noqa: PLC0415

    if name == "PageSettings":
        return import_module("careersnet_graph.viz.settings").PageSettings
    if name in __all__:
        return getattr(import_module("careersnet_graph.viz.pages"), name)
    raise AttributeError(f"module 'careersnet_graph.viz' has no attribute {name!r}")
