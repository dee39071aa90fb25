# Shared set-up for .ci/app and .ci/test: installs only what is missing, so a fresh Debian or
# Ubuntu machine gets everything and a ready one loses no time. Sourced, not run.

# Debian packages to build the app (WebKitGTK, GTK, ...) and to run it headless and test it.
BUILD_PACKAGES="libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev libayatana-appindicator3-dev libxdo-dev libssl-dev pkg-config
  build-essential file"
TEST_PACKAGES="xvfb xauth webkit2gtk-driver imagemagick x11-utils xdotool poppler-utils
  fonts-dejavu-core zbar-tools"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Phases: each says its name when it starts and how long it took when the next starts or
# the script ends (or that it failed, and after how long).
PHASE=""
PHASE_START=$SECONDS
phase() {
  phase_end 0
  PHASE="$*"
  PHASE_START=$SECONDS
  say "$PHASE"
}
phase_end() {
  [ -n "$PHASE" ] || return 0
  if [ "$1" = 0 ]; then say "$PHASE: done in $((SECONDS - PHASE_START)) s"
  else say "$PHASE: FAILED after $((SECONDS - PHASE_START)) s"
  fi
  PHASE=""
}
trap 'rc=$?; phase_end $rc; say "total: $SECONDS s"' EXIT

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "need root (or sudo) to run: $*" >&2; return 1
  fi
}

# Installs the Debian packages in "$@" that are not installed yet.
install_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Rust comes from rustup; Debian's cargo is too old for Tauri 2.
need_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    install_packages curl ca-certificates
    say "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

need_build_tools() {
  # shellcheck disable=SC2086
  install_packages $BUILD_PACKAGES
  need_rust
}

need_test_tools() {
  # shellcheck disable=SC2086
  install_packages $TEST_PACKAGES
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver"
    cargo install tauri-driver@^2 --locked
  fi
}

# pyHanko, the third-party PDF signature validator the document tests check against, from
# PyPI into a virtual environment of its own (pinned, so a new release cannot change a
# verdict). The tests run its library through crates/panelis-report/tests/tools/ with the
# environment's Python, which they find through PANELIS_PYHANKO_PYTHON.
PYHANKO_VERSIONS="pyHanko==0.38.0 pyhanko-certvalidator==0.33.0"
need_pyhanko() {
  local venv="${PANELIS_TOOLS_DIR:-$HOME/.cache/panelis}/pyhanko-venv"
  if ! "$venv/bin/python" -c "import pyhanko" >/dev/null 2>&1; then
    say "installing pyHanko into $venv"
    command -v python3 >/dev/null 2>&1 || install_packages python3
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      install_packages python3-venv
      python3 -m venv "$venv"
    fi
    # shellcheck disable=SC2086
    "$venv/bin/pip" install -q --disable-pip-version-check $PYHANKO_VERSIONS
  fi
  export PANELIS_PYHANKO_PYTHON="$venv/bin/python"
}
