# Shared by scripts/test, scripts/demo, scripts/benchmark and .ci/run: find a
# fitting Python and keep a virtual environment per Home Assistant line.

# python_fits PYTHON MIN [BELOW]: PYTHON runs and MIN <= its version < BELOW.
python_fits() {
  "$1" - "$2" "${3:-}" >/dev/null 2>&1 <<'PY'
import sys
low = tuple(int(x) for x in sys.argv[1].split("."))
high = tuple(int(x) for x in sys.argv[2].split(".")) if sys.argv[2] else None
version = sys.version_info[:3]
sys.exit(not (version >= low and (high is None or version < high)))
PY
}

# pyenv_pythons PREFIX: the interpreters pyenv has for versions PREFIX*, newest first.
pyenv_pythons() {
  command -v pyenv >/dev/null 2>&1 || return 0
  local root
  root=$(pyenv root 2>/dev/null) || return 0
  find "$root/versions" -mindepth 1 -maxdepth 1 -name "$1*" 2>/dev/null |
    sort -rV | sed 's|$|/bin/python3|'
}

# find_python MIN BELOW CANDIDATE...: the first candidate (a command or a path)
# whose version fits; BELOW may be empty.
find_python() {
  local min=$1 below=$2 candidate path
  shift 2
  for candidate in "$@"; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if python_fits "$path" "$min" "$below"; then
      echo "$path"
      return 0
    fi
  done
  return 1
}

# drifted REQUIREMENTS VENV: print the NAME==VERSION pins of the file that the
# venv does not hold (Home Assistant's own installs at run time upgrade
# dependencies, pycares among them); exit 0 when there is one.
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

# ensure_venv VENV REQUIREMENTS MIN BELOW CANDIDATE...: create VENV from the
# first fitting candidate when it is missing or has the wrong Python, and
# install REQUIREMENTS when they changed since the last install or a pinned
# version drifted. VENV_PROGRESS=1 lets pip show what it collects and installs
# (a fresh Home Assistant venv takes minutes; a silent terminal looks hung).
ensure_venv() {
  local venv=$1 requirements=$2 min=$3 below=$4 python stamp started drift
  shift 4
  if [ ! -x "$venv/bin/python" ] || ! python_fits "$venv/bin/python" "$min" "$below"; then
    if ! python=$(find_python "$min" "$below" "$@"); then
      echo "error: no Python >= $min${below:+ and < $below} found (tried: $*)." >&2
      echo "       Install one (pyenv install, or set PYTHON=/path/to/python) and run again." >&2
      return 1
    fi
    echo "== creating $venv with $("$python" --version) ($python)"
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
    local quiet=(-q)
    [ -z "${VENV_PROGRESS:-}" ] || quiet=()
    if ! "$venv/bin/python" -m pip install --disable-pip-version-check \
      "${quiet[@]}" -r "$requirements"; then
      echo "error: installing $requirements into $venv failed (see above)." >&2
      return 1
    fi
    cp "$requirements" "$stamp"
    echo "== installed $requirements in $((SECONDS - started)) s"
  fi
}

# The Home Assistant lines the project is tested on. ha_line NAME sets
# HA_VENV, HA_REQUIREMENTS, HA_PY_MIN, HA_PY_BELOW and HA_PY_CANDIDATES.
ha_line() {
  case "$1" in
    2025.4)
      HA_VENV=.venv
      HA_REQUIREMENTS=requirements_test.txt
      HA_PY_MIN=3.13
      HA_PY_BELOW=3.14
      # shellcheck disable=SC2207
      HA_PY_CANDIDATES=("${PYTHON313:-}" python3.13 $(pyenv_pythons 3.13) python3)
      ;;
    newest)
      HA_VENV=.venv-newest
      HA_REQUIREMENTS=requirements_test_newest.txt
      HA_PY_MIN=3.14.2
      HA_PY_BELOW=
      # shellcheck disable=SC2207
      HA_PY_CANDIDATES=("${PYTHON:-}" python3.14 $(pyenv_pythons 3.14) python3)
      ;;
    *)
      echo "error: unknown Home Assistant line '$1' (use 2025.4 or newest)" >&2
      return 1
      ;;
  esac
}
