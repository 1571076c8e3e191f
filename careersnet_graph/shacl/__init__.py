"""SHACL validation engines: SPARQL inside the store (`sparql_engine`) and pyshacl over an rdflib
copy (`pyshacl_engine`); both give `Finding`s for the same shapes (`shapes`)."""
