# Shared by scripts/test and scripts/demo: find Python >= 3.13, make .venv.

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

# ensure_venv REQUIREMENTS_FILE: create .venv when missing, install when the
# requirements file changed since the last install.
ensure_venv() {
  local requirements="$1" python stamp
  if [ ! -x .venv/bin/python ] ||
    ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
    if ! python=$(find_python); then
      echo "error: Python 3.13 or newer is needed (found none as python3.13, python3.14 or python3)." >&2
      echo "       Install it (for example 'pyenv install 3.13' - .python-version asks for 3.13) and run again." >&2
      exit 1
    fi
    echo "== creating .venv with $("$python" --version)"
    rm -rf .venv
    "$python" -m venv .venv
  fi
  stamp=".venv/.installed-$(basename "$requirements")"
  if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
    echo "== installing $requirements"
    .venv/bin/python -m pip install --disable-pip-version-check -q -r "$requirements"
    cp "$requirements" "$stamp"
  fi
}
