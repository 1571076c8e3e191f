"""`python -m careersnet_graph` runs the `careersnet` command."""

from careersnet_graph.cli import run

run()
