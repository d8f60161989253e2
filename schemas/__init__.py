"""What a valid dataset is: the contract's JSON Schemas (`dataset.schema.json`,
`diff.schema.json`, copied from the output contract) and pandera schemas of the
three tidy tables (`schemas.tables`)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def json_schema(name: str) -> dict:
    """The packaged JSON Schema `name` ('dataset' or 'diff')."""
    return json.loads((resources.files("schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))
