"""careersnet-graph: an open knowledge graph of European lifelong guidance and career development."""

from careersnet_graph.errors import CareersnetError, RdfInputError
from careersnet_graph.graph import KnowledgeGraph
from careersnet_graph.loading import load

__all__ = ["CareersnetError", "KnowledgeGraph", "RdfInputError", "load"]
__version__ = "0.1.0"
