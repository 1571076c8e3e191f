"""Issue 13, defect 5: a label with control characters (`A\\u0000B\\u0001C`) gave GEXF and GraphML
files that were not well-formed XML.

Now every character XML 1.0 forbids is written as the text `\\uXXXX`: the files parse with an XML
parser, and the label keeps the characters visible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.regressions.conftest import INPUTS, cli

DATA = INPUTS / "05-control-characters"


@pytest.mark.parametrize("format_name", ["gexf", "graphml"])
@pytest.mark.parametrize("projection", ["organisations", "bipartite"])
def test_network_files_are_well_formed_xml(format_name: str, projection: str, tmp_path: Path) -> None:
    out = tmp_path / f"network.{format_name}"
    result = cli(
        "export", "--format", format_name, "--projection", projection, "--data", str(DATA), "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    tree = ET.parse(out)  # raises ParseError on a file that is not well-formed
    texts = [element.text or "" for element in tree.iter()] + [
        value for element in tree.iter() for value in element.attrib.values()
    ]
    assert any("A\\u0000B\\u0001C\\u001fD" in text for text in texts)
    assert any("Second\\u0008provider" in text for text in texts)
