# Shared by scripts/test and scripts/demo: find Python >= 3.13, make a venv.

find_python() {
  local candidate
  for candidate in python3.13 python3.14 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# drifted REQUIREMENTS_FILE VENV_DIR: print the NAME==VERSION pins of the file
# that the venv does not hold (Home Assistant's own installs at run time
# upgrade dependencies, pycares among them); exit 0 when there is one.
drifted() {
  "$2/bin/python" - "$1" <<'PY'
import importlib.metadata
import re
import sys

drift = []
with open(sys.argv[1]) as requirements:
    for line in requirements:
        if pin := re.match(r"\s*([A-Za-z0-9._-]+)==([^\s;#]+)", line):
            try:
                have = importlib.metadata.version(pin[1])
            except importlib.metadata.PackageNotFoundError:
                have = "none"
            if have != pin[2]:
                drift.append(f"{pin[1]} {have} (pinned {pin[2]})")
print(", ".join(drift))
sys.exit(0 if drift else 1)
PY
}

# ensure_venv REQUIREMENTS_FILE [VENV_DIR]: create the venv (default .venv)
# when missing, install when the requirements file changed since the last
# install or a pinned version drifted. pip prints what it collects and
# installs: a fresh Home Assistant venv takes minutes, and a silent terminal
# looks hung.
ensure_venv() {
  local requirements="$1" venv="${2:-.venv}" python stamp started drift
  if [ ! -x "$venv/bin/python" ] ||
    ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
    if ! python=$(find_python); then
      echo "error: Python 3.13 or newer is needed (found none as python3.13, python3.14 or python3)." >&2
      echo "       Install it (for example 'pyenv install 3.13' - .python-version asks for 3.13) and run again." >&2
      exit 1
    fi
    echo "== creating $venv with $("$python" --version)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
  fi
  stamp="$venv/.installed-$(basename "$requirements")"
  if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp" &&
    drift=$(drifted "$requirements" "$venv"); then
    echo "== $venv changed since the last install: $drift"
    rm -f "$stamp"
  fi
  if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
    echo "== installing $requirements into $venv (a few minutes the first time)"
    started=$SECONDS
    if ! "$venv/bin/python" -m pip install --disable-pip-version-check -r "$requirements"; then
      echo "error: installing $requirements into $venv failed (see above)." >&2
      exit 1
    fi
    cp "$requirements" "$stamp"
    echo "== installed $requirements in $((SECONDS - started)) s"
  fi
}
