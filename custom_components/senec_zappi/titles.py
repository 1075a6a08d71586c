"""Entry titles an owner recognises: the model and the last digits of the serial.

Two units or hubs of one home then read differently in the list of entries
("SENEC V3 LV ···0519", "myenergi Hub ···5678"). Titles the owner changed are
kept; the plain defaults of earlier versions are replaced at setup.
"""

from __future__ import annotations

from .senec import SenecIdentity

SENEC_PREFIXES = ("senec.inverter ", "senec.")


def serial_tail(serial: str | None) -> str:
    """The last four characters of a serial, as an owner reads them off a label."""
    return f"···{serial[-4:]}" if serial else ""


def senec_model(identity: SenecIdentity) -> str:
    """The model without its SENEC prefix ("SENEC.Inverter V3 LV" -> "SENEC V3 LV")."""
    model = identity.model.strip()
    for prefix in SENEC_PREFIXES:
        if model.lower().startswith(prefix):
            model = model[len(prefix) :].strip()
            break
    return model if model.lower().startswith("senec") else f"SENEC {model}"


def senec_title(identity: SenecIdentity) -> str:
    """ "SENEC V3 LV ···0519"."""
    tail = serial_tail(senec_serial(identity))
    return f"{senec_model(identity)} {tail}".strip()


def senec_serial(identity: SenecIdentity) -> str | None:
    """The serial shown for the unit: the battery serial, else the device id."""
    return identity.serial or identity.device_id


def myenergi_title(hub_serial: str) -> str:
    """ "myenergi Hub ···5678": the product's name reads the same in German."""
    return f"myenergi Hub {serial_tail(hub_serial)}".strip()


def is_old_myenergi_title(title: str, hub_serial: str) -> bool:
    """A default title of earlier versions ("myenergi", "myenergi hub ···5678")."""
    return title in ("myenergi", f"myenergi hub {serial_tail(hub_serial)}".strip())
