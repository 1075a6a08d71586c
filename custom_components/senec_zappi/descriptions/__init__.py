"""Entity descriptions as data: one subpackage or module per device.

kinds.py says what a value is and where it shows (both devices); senec/
holds the SENEC descriptions by lala.cgi family; zappi.py (status values),
zappi_flags.py, zappi_energy.py and zappi_controls.py the zappi ones.
The platform files take their descriptions from here and nothing else.
"""
