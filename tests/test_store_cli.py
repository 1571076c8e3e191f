"""Choosing and filling a store from the command line, and every way a store can fail.

Persistent Oxigraph stores are reopened without loading and refreshed when a file they were
loaded from changes; a store that cannot be reached, refuses, or is stale is a one-line error
with exit code 3 (the store) or 2 (the input), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from careersnet_graph.cli import main
from careersnet_graph.cli.common import EXIT_BAD_INPUT, EXIT_STORE
from careersnet_graph.store.settings import StoreSpec, resolve_spec
from tests.conftest import REPO
from tests.servers import free_port, oxigraph_server

MINI = REPO / "tests" / "fixtures" / "mini"
NEWS = MINI / "source-example-news.ttl"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _one_line_error(result: Result, code: int, fragment: str) -> None:
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert fragment in lines[0]
    assert "Traceback" not in result.output


# --- choosing the store -------------------------------------------------------------------------


def test_the_option_beats_the_environment_and_the_file(tmp_path: Path) -> None:
    (tmp_path / "careersnet.toml").write_text('store = "memory"\n', encoding="utf-8")
    env = {"CAREERSNET_STORE": "oxigraph:from-env"}
    assert resolve_spec("oxigraph", env, tmp_path) == StoreSpec("oxigraph")
    assert resolve_spec(None, env, tmp_path) == StoreSpec("oxigraph", "from-env")
    assert resolve_spec(None, {}, tmp_path) == StoreSpec("memory")


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [("postgres", "unknown store"), ("sparql:ftp://x", "http(s) URL"), ("oxigraph:", "give the folder")],
)
def test_a_bad_store_name_is_a_usage_error(spec: str, fragment: str) -> None:
    _one_line_error(run("stats", "--store", spec), EXIT_BAD_INPUT, fragment)


def test_a_bad_store_in_the_environment_names_the_variable() -> None:
    result = run("stats", env={"CAREERSNET_STORE": "nonsense"})
    _one_line_error(result, EXIT_BAD_INPUT, "CAREERSNET_STORE")


def test_the_config_file_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "careersnet.toml").write_text('store = "oxigraph:./kept"\n', encoding="utf-8")
    assert run("stats").exit_code == 0
    assert (tmp_path / "kept").is_dir(), "the persistent store named by careersnet.toml was filled"


# --- a persistent Oxigraph store ---------------------------------------------------------------


def test_load_then_reopen_reads_without_loading(tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = run("load", "--store", store, "--data", str(MINI))
    assert loaded.exit_code == 0, loaded.output
    assert "loaded" in loaded.output
    answer = run("query", "SELECT ?s WHERE { ?s a cng:Source }", "--store", store, "--format", "csv")
    assert "https://example.org" not in answer.output
    assert "source-example-news" in answer.output, "the --data file loaded before is still in the store"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    news = data / NEWS.name
    news.write_text(NEWS.read_text(encoding="utf-8"), encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'store'}"
    assert run("load", "--store", store, "--data", str(data)).exit_code == 0
    news.write_text(
        news.read_text(encoding="utf-8").replace("Example Agency", "Renamed Agency"), encoding="utf-8"
    )
    answer = run("query", "SELECT ?l WHERE { cnd:org-example-agency rdfs:label ?l }", "--store", store)
    assert "Renamed Agency" in answer.output
    assert "Example Agency" not in answer.output


def test_a_store_whose_file_is_gone_is_refused_with_a_hint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / NEWS.name).write_text(NEWS.read_text(encoding="utf-8"), encoding="utf-8")
    store = f"oxigraph:{tmp_path / 'store'}"
    assert run("load", "--store", store, "--data", str(data)).exit_code == 0
    (data / NEWS.name).unlink()
    _one_line_error(run("stats", "--store", store), EXIT_BAD_INPUT, "careersnet load --store")


def test_load_replaces_what_the_store_held(tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    assert run("load", "--store", store, "--data", str(MINI)).exit_code == 0
    assert run("load", "--store", store).exit_code == 0
    answer = run("sources", "--store", store, "--format", "json")
    assert "source-example-news" not in answer.output


def test_load_needs_a_persistent_store() -> None:
    result = run("load", "--store", "memory")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "persistent store" in result.output


# --- a remote store ----------------------------------------------------------------------------


def test_an_unreachable_endpoint_is_exit_3() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    _one_line_error(run("stats", "--store", f"sparql:{url}"), EXIT_STORE, "cannot be reached")


def test_a_wrong_url_is_exit_3(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server") as server:
        wrong = server.query_url.replace("/query", "/nothing-here")
        _one_line_error(run("stats", "--store", f"sparql:{wrong}"), EXIT_STORE, "refused")


def test_data_cannot_be_read_into_a_remote_store_by_a_reading_command(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server") as server:
        result = run("stats", "--store", server.spec, "--data", str(MINI))
        _one_line_error(result, EXIT_BAD_INPUT, "careersnet load")


def test_load_without_an_update_endpoint_is_exit_3(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server") as server:
        _one_line_error(run("load", "--store", server.spec), EXIT_STORE, "no update endpoint")


def test_a_store_that_refuses_updates_is_exit_3(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server", read_only=True) as server:
        result = run("load", "--store", server.spec, env=server.environment)
        _one_line_error(result, EXIT_STORE, "refused")


def test_load_pushes_every_graph_and_reading_commands_then_answer(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "server") as server:
        loaded = run("load", "--store", server.spec, "--data", str(MINI), env=server.environment)
        assert loaded.exit_code == 0, loaded.output
        local = run("sources", "--data", str(MINI), "--format", "json")
        remote = run("sources", "--store", server.spec, "--format", "json")
        assert remote.output == local.output
