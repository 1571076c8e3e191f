"""`careersnet suggest`: partnerships the network suggests, with reasons; `--evaluate` measures them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import click

from careersnet_graph.cli.common import data_option, load_graph, time_options


@click.command("suggest")
@click.option("--actor", metavar="ACTOR", help="Only pairs with ACTOR (IRI, CURIE or label).")
@click.option(
    "--across",
    type=click.Choice(["sectors", "countries"]),
    default=None,
    help="Only pairs with no sector (or no country) in common.",
)
@click.option(
    "--top", type=click.IntRange(min=0), default=10, show_default=True, help="Pairs to show; 0 = all."
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--evaluate",
    is_flag=True,
    help="Instead of suggesting: hide the ties formed after --cutoff, predict them from the earlier "
    "network and print precision at k against common neighbours and random pairs (Markdown).",
)
@click.option(
    "--cutoff",
    metavar="DATE",
    default=None,
    help="With --evaluate: the last day of the earlier network [default: the latest year-end whose "
    "network lacks a fifth of the dated ties].",
)
@data_option
@time_options
def suggest_command(
    *,
    actor: str | None,
    across: str | None,
    top: int,
    output_format: str,
    evaluate: bool,
    cutoff: str | None,
    data: tuple[Path, ...],
) -> None:
    """Suggest partnerships: pairs of organisations with no tie, ranked by Adamic-Adar, with reasons."""
    from careersnet_graph.projection import organisation_graph  # noqa: PLC0415  (start-up speed)
    from careersnet_graph.suggest import Across, cap_note, shared_partner_cap, suggest  # noqa: PLC0415

    kg = load_graph(data)
    if evaluate:
        from careersnet_graph.suggest_evaluation import default_cutoff  # noqa: PLC0415
        from careersnet_graph.suggest_evaluation import evaluate as run_evaluation  # noqa: PLC0415
        from careersnet_graph.temporal import parse_date  # noqa: PLC0415

        day = parse_date(cutoff, "--cutoff", last=True) if cutoff else default_cutoff(kg)
        click.echo(run_evaluation(kg, day).markdown(), nl=False)
        return
    organisations = organisation_graph(kg)
    found = suggest(kg, actor=actor, across=cast("Across | None", across), top=top, graph=organisations)
    note = cap_note(shared_partner_cap(organisations))
    if note:
        click.echo(f"note: {note}", err=True)
    if output_format == "json":
        document = {"score": "Adamic-Adar", "suggestions": [s.as_json_value() for s in found]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("(no pair of organisations without a tie shares a partner)")
    for rank, suggestion in enumerate(found, start=1):
        click.echo(
            f"{rank}. {suggestion.first_label} — {suggestion.second_label}  "
            f"(Adamic-Adar {suggestion.adamic_adar:.3f})"
        )
        for reason in suggestion.reasons:
            click.echo(f"   - {reason}")
        click.echo(f"   sources: {', '.join(suggestion.sources)}")


COMMANDS: list[click.Command] = [suggest_command]
