"""Running SPARQL safely: parsing and checking queries, binding parameters, formatting answers."""
