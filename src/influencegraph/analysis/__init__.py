"""Influence and dependency analyses on the network projection of the graph, one module per family."""
