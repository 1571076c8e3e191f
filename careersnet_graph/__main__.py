"""`python -m careersnet_graph` runs the `careersnet` command."""

from careersnet_graph.cli import run

if __name__ == "__main__":  # not when a spawned process imports it
    run()
