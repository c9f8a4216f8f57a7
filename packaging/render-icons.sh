#!/usr/bin/env bash
# Renders the PNG application icons from the SVG. The PNGs are committed, so building FeedDeck
# does not need librsvg; run this again after editing the SVG (needs librsvg2-bin).
set -euo pipefail
ICONS="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/icons/hicolor" && pwd)"
SVG="$ICONS/scalable/apps/io.feeddeck.FeedDeck.svg"
for size in 16 24 32 48 64 128 256; do
    mkdir -p "$ICONS/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" "$SVG" --output "$ICONS/${size}x${size}/apps/io.feeddeck.FeedDeck.png"
done
echo "rendered $(ls "$ICONS"/*/apps/*.png | wc -l) PNG icons under $ICONS"
