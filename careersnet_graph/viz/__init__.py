"""Interactive, offline, self-contained HTML pages of the partnership networks (vis-network via pyvis)."""

from careersnet_graph.viz.pages import network_page, projection_page, write_network_page, write_pages
from careersnet_graph.viz.settings import PageSettings

__all__ = ["PageSettings", "network_page", "projection_page", "write_network_page", "write_pages"]
