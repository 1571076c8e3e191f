"""A read-only SPARQL 1.1 Protocol endpoint over the knowledge graph (standard library http.server)."""

from careersnet_graph.server.app import EndpointConfig, make_server

__all__ = ["EndpointConfig", "make_server"]
