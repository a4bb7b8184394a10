#!/bin/sh
# Prints the signed FES header lines for a golden request, computed with openssl and sha256sum, never
# with Poligon's own signer (the golden files are the independent oracle of the MAC).
# usage: test/golden/fes-headers.sh PATH BODY [TIMESTAMP]
#   env MAC_KEY, API_KEY, CR_ID default to the demo касса; TIMESTAMP defaults to the golden clock.
set -eu
P="$1"; BODY="$2"; TS="${3:-2026-12-03T09:00:00.000Z}"
API_KEY="${API_KEY:-demo-api-key-3f6c1a9e5b7d4c2a8e0f1b3d5a7c9e2f}"
MAC_KEY="${MAC_KEY:-demo-mac-key-9b2e4d6f8a0c1e3b5d7f9a2c4e6b8d0f}"
CR_ID="${CR_ID:-CR-DEMO-0001}"
BODY_HASH=$(printf '%s' "$BODY" | sha256sum | cut -d' ' -f1)
MAC=$(printf 'POST\n%s\n%s\n%s' "$P" "$TS" "$BODY_HASH" | openssl dgst -sha256 -hmac "$MAC_KEY" | sed 's/^.* //')
printf 'X-FES-Api-Key: %s\nX-FES-Cash-Register-Id: %s\nX-FES-Timestamp: %s\nX-FES-MAC: %s\n' "$API_KEY" "$CR_ID" "$TS" "$MAC"
