#!/bin/sh
# Install Mailwright for the current user from the unpacked tarball:
#   ./install.sh            (run inside the unpacked mailwright-<version>-linux-<arch>/)
# Copies the app to $PREFIX/opt/mailwright (default PREFIX: ~/.local), links
# $PREFIX/bin/mailwright, and registers the desktop entry, the icons and the MIME
# types (mailwright.toml workspaces, .mjml) in $XDG_DATA_HOME (default ~/.local/share).
# ./install.sh --uninstall removes all of it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APP=$PREFIX/opt/mailwright
SIZES="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APP" "$PREFIX/bin/mailwright" "$DATA/applications/mailwright.desktop" \
    "$DATA/mime/packages/mailwright.xml" "$DATA/icons/hicolor/scalable/apps/mailwright.svg"
  for s in $SIZES; do rm -f "$DATA/icons/hicolor/${s}x${s}/apps/mailwright.png"; done
else
  mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$DATA/applications" "$DATA/mime/packages" \
    "$DATA/icons/hicolor/scalable/apps"
  rm -rf "$APP"
  cp -R "$HERE/mailwright" "$APP"
  ln -sf "$APP/mailwright" "$PREFIX/bin/mailwright"
  sed -e "s|^Exec=mailwright |Exec=\"$APP/mailwright\" |" -e "s|^TryExec=.*|TryExec=$APP/mailwright|" \
    "$HERE/share/mailwright.desktop" > "$DATA/applications/mailwright.desktop"
  cp "$HERE/share/mailwright-mime.xml" "$DATA/mime/packages/mailwright.xml"
  cp "$HERE/share/icons/mailwright.svg" "$DATA/icons/hicolor/scalable/apps/mailwright.svg"
  for s in $SIZES; do
    mkdir -p "$DATA/icons/hicolor/${s}x${s}/apps"
    cp "$HERE/share/icons/mailwright-$s.png" "$DATA/icons/hicolor/${s}x${s}/apps/mailwright.png"
  done
fi
# Refresh the desktop's caches where the tools exist (they do on desktop systems).
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$DATA/mime"; fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$DATA/applications"
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi
echo "Mailwright ${1:+un}installed: $APP (command: $PREFIX/bin/mailwright)"
