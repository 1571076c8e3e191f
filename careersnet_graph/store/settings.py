"""Which store a command uses: `--store`, else `CAREERSNET_STORE`, else `careersnet.toml`, else
the embedded Oxigraph store in memory.

A store is named `memory` (rdflib), `oxigraph` (embedded, in memory), `oxigraph:PATH` (embedded,
persistent in the folder PATH) or `sparql:URL` (a SPARQL 1.1 Protocol endpoint). The remote
store's other settings come from the environment or the same file:

| setting | environment | careersnet.toml |
|---|---|---|
| update endpoint | `CAREERSNET_SPARQL_UPDATE_URL` | `sparql_update_url` |
| Graph Store Protocol endpoint | `CAREERSNET_SPARQL_GRAPH_STORE_URL` | `sparql_graph_store_url` |
| time limit of a request (s) | `CAREERSNET_SPARQL_TIMEOUT` | `sparql_timeout` |
| rows per page | `CAREERSNET_SPARQL_PAGE_SIZE` | `sparql_page_size` |
| user, password (HTTP Basic) | `CAREERSNET_SPARQL_USER`, `CAREERSNET_SPARQL_PASSWORD` | (environment) |
| HTTP Digest instead of Basic | `CAREERSNET_SPARQL_DIGEST=1` | `sparql_digest` |
| bearer token | `CAREERSNET_SPARQL_TOKEN` | (environment) |

The file is `./careersnet.toml`, else `$XDG_CONFIG_HOME/careersnet/careersnet.toml`
(`~/.config/careersnet/careersnet.toml`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careersnet_graph.errors import CareersnetError

ENVIRONMENT_VARIABLE = "CAREERSNET_STORE"
CONFIG_FILE = "careersnet.toml"
DEFAULT_STORE = "oxigraph"
STORE_KINDS = ("memory", "oxigraph", "oxigraph:PATH", "sparql:URL")


@dataclass(frozen=True)
class StoreSpec:
    """A parsed store name: its kind and, for a folder or an endpoint, where it is."""

    kind: str
    location: str | None = None

    def __str__(self) -> str:
        return self.kind if self.location is None else f"{self.kind}:{self.location}"


def parse_spec(text: str, origin: str = "--store") -> StoreSpec:
    """Read `memory`, `oxigraph`, `oxigraph:PATH` or `sparql:URL`; a clear error for anything else."""
    kind, colon, location = text.strip().partition(":")
    if kind == "memory" and not colon:
        return StoreSpec("memory")
    if kind == "oxigraph":
        if colon and not location:
            raise CareersnetError(f"{origin}: give the folder after 'oxigraph:' (e.g. oxigraph:./store)")
        return StoreSpec("oxigraph", location or None)
    if kind == "sparql":
        if not location.startswith(("http://", "https://")):
            raise CareersnetError(
                f"{origin}: give the endpoint's http(s) URL after 'sparql:' (e.g. sparql:http://localhost:7878/query)"
            )
        return StoreSpec("sparql", location)
    raise CareersnetError(f"{origin}: unknown store {text!r}; use one of {', '.join(STORE_KINDS)}")


def config_file(cwd: Path | None = None) -> Path | None:
    """The configuration file in use, if there is one."""
    local = (cwd or Path.cwd()) / CONFIG_FILE
    if local.is_file():
        return local
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "careersnet" / CONFIG_FILE
    return home if home.is_file() else None


def read_config(cwd: Path | None = None) -> dict[str, Any]:
    """The settings of the configuration file, or none."""
    path = config_file(cwd)
    if path is None:
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CareersnetError(f"{path}: cannot read the settings: {error}") from None


def resolve_spec(
    option: str | None, environment: Mapping[str, str] | None = None, cwd: Path | None = None
) -> StoreSpec:
    """The store a command uses: the option, else the environment, else the file, else the default."""
    env = os.environ if environment is None else environment
    if option:
        return parse_spec(option, "--store")
    if env.get(ENVIRONMENT_VARIABLE):
        return parse_spec(env[ENVIRONMENT_VARIABLE], ENVIRONMENT_VARIABLE)
    config = read_config(cwd)
    if "store" in config:
        return parse_spec(str(config["store"]), f"{config_file(cwd)}: store")
    return StoreSpec(DEFAULT_STORE)
