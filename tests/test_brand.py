"""Brand images as Home Assistant (2026.3+) and HACS expect them, and the licence."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
import pytest

ROOT = Path(__file__).resolve().parents[1]
BRAND = ROOT / "custom_components" / "senec_zappi" / "brand"


@pytest.mark.parametrize("prefix", ["", "dark_"])
def test_icons_are_square_png(prefix: str) -> None:
    """icon.png 256x256 and icon@2x.png 512x512, with transparency."""
    for name, size in (("icon.png", 256), ("icon@2x.png", 512)):
        with Image.open(BRAND / f"{prefix}{name}") as image:
            assert image.format == "PNG"
            assert image.size == (size, size), name
            assert image.mode == "RGBA", name


@pytest.mark.parametrize("prefix", ["", "dark_"])
def test_logos_fit_the_brand_rules(prefix: str) -> None:
    """Logos: shortest side 128-256 px (256-512 px at @2x), @2x twice the size."""
    with (
        Image.open(BRAND / f"{prefix}logo.png") as logo,
        Image.open(BRAND / f"{prefix}logo@2x.png") as logo2x,
    ):
        assert 128 <= min(logo.size) <= 256
        assert 256 <= min(logo2x.size) <= 512
        assert logo2x.size == (logo.size[0] * 2, logo.size[1] * 2)


def test_licence_is_named_in_the_readme() -> None:
    """HACS needs a LICENSE; the README says which one."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "MIT - see [LICENSE](LICENSE)" in (ROOT / "README.md").read_text(
        encoding="utf-8"
    )
