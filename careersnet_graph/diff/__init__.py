"""What changed between two releases of the graph: `careersnet diff OLD NEW`.

`sides` turns each argument (a build's export folder, a data folder or a git revision) into a
loaded graph, `compare` reads the facts of both through SPARQL and compares them, `render`
writes the comparison as Markdown, HTML or JSON.
"""
