"""Time to decode a full lala.cgi answer (every seed section, three modules)."""

from __future__ import annotations

import json
from pathlib import Path
import timeit

from custom_components.senec_zappi.senec import decode_answer, parse_body

CAPTURE = Path(__file__).parent.parent / "tests" / "fixtures" / "senec_full.json"


def decode_timing(repeat: int = 200) -> dict[str, float]:
    """Median milliseconds to parse and decode the full capture."""
    body = CAPTURE.read_bytes()
    payload = json.loads(body)
    keys = sum(len(v) for v in payload.values() if isinstance(v, dict))

    def parse_and_decode() -> None:
        decode_answer(parse_body(body))

    def decode_only() -> None:
        decode_answer(payload)

    results: dict[str, float] = {"keys": float(keys), "body_kb": len(body) / 1024}
    for name, func in (
        ("parse_decode_ms", parse_and_decode),
        ("decode_ms", decode_only),
    ):
        runs = sorted(timeit.repeat(func, number=1, repeat=repeat))
        results[name] = runs[len(runs) // 2] * 1000
    return results
