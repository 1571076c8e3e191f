"""A read-only SPARQL 1.1 Protocol endpoint over the knowledge graph.

`app` is the HTTP side (standard library `http.server`, hardened: connection cap, deadlines,
strict framing, CORS only on request); `pool`, `processes` and `worker` are the query side: a
pre-forked pool of worker processes, forked by a single-threaded zygote, each checking,
evaluating and writing one query at a time under a time limit and a memory limit.
"""

from careersnet_graph.server.app import EndpointConfig, make_server
from careersnet_graph.server.pool import WorkerPool
from careersnet_graph.server.worker import WorkerLimits

__all__ = ["EndpointConfig", "WorkerLimits", "WorkerPool", "make_server"]
