"""The stores a `KnowledgeGraph` can stand in front of, behind one protocol (`base.Store`).

`open_store("oxigraph")` (the default: embedded, in memory), `"oxigraph:PATH"` (embedded,
persistent), `"memory"` (rdflib) or `"sparql:URL"` (any SPARQL 1.1 store server).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from careersnet_graph.errors import CareersnetError
from careersnet_graph.store.base import Store, StoreError
from careersnet_graph.store.settings import StoreSpec, parse_spec, read_config

if TYPE_CHECKING:
    from careersnet_graph.store.remote import RemoteSettings


def open_store(
    spec: StoreSpec | str, *, read_only: bool = False, environment: Mapping[str, str] | None = None
) -> Store:
    """Open the store named by `spec` (see `settings`); raise `StoreError` when it cannot be opened."""
    if isinstance(spec, str):
        spec = parse_spec(spec)
    if spec.kind == "memory":
        from careersnet_graph.store.memory import MemoryStore  # noqa: PLC0415  (rdflib only when asked for)

        return MemoryStore()
    if spec.kind == "oxigraph":
        from careersnet_graph.store.oxigraph import OxigraphStore  # noqa: PLC0415

        return OxigraphStore(Path(spec.location) if spec.location else None, read_only=read_only)
    if spec.kind == "sparql" and spec.location:
        from careersnet_graph.store.remote import RemoteStore  # noqa: PLC0415  (requests only when asked for)

        return RemoteStore(remote_settings(spec.location, environment))
    raise CareersnetError(f"unknown store {spec}")


def remote_settings(url: str, environment: Mapping[str, str] | None = None) -> RemoteSettings:
    """The remote store's settings from the environment and the configuration file."""
    from careersnet_graph.store.remote import RemoteSettings  # noqa: PLC0415

    env = os.environ if environment is None else environment
    config = read_config()

    def setting(variable: str, key: str) -> str | None:
        value = env.get(variable)
        if value:
            return value
        found = config.get(key)
        return None if found is None else str(found)

    def number(variable: str, key: str, default: float) -> float:
        text = setting(variable, key)
        if text is None:
            return default
        try:
            value = float(text)
        except ValueError:
            raise CareersnetError(f"{variable} / {key}: {text!r} is not a number") from None
        if value <= 0:
            raise CareersnetError(f"{variable} / {key}: must be above 0")
        return value

    return RemoteSettings(
        query_url=url,
        update_url=setting("CAREERSNET_SPARQL_UPDATE_URL", "sparql_update_url"),
        graph_store_url=setting("CAREERSNET_SPARQL_GRAPH_STORE_URL", "sparql_graph_store_url"),
        timeout=number("CAREERSNET_SPARQL_TIMEOUT", "sparql_timeout", 60.0),
        page_size=int(number("CAREERSNET_SPARQL_PAGE_SIZE", "sparql_page_size", 10_000)),
        user=env.get("CAREERSNET_SPARQL_USER"),
        password=env.get("CAREERSNET_SPARQL_PASSWORD"),
        token=env.get("CAREERSNET_SPARQL_TOKEN"),
        digest=(setting("CAREERSNET_SPARQL_DIGEST", "sparql_digest") or "").lower() in ("1", "true", "yes"),
    )


__all__ = ["Store", "StoreError", "StoreSpec", "open_store", "parse_spec"]
