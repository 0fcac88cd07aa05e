#!/usr/bin/env bash
# Regenerates the linked portable sources of the nanoFramework projects (classic .nfproj files list every file):
#   OtaFirmware/OtaFirmware.nfproj                 OtaFirmware.Core/**/*.cs + OtaFirmware.Gateway/**/*.cs
#   OtaFirmware.Tests.Emulator/NFUnitTest.nfproj   the same + OtaFirmware.SimulatedHardware/**/*.cs + OtaFirmware.Tests/**/*.cs
# Only the lines between the "BEGIN GENERATED" and "END GENERATED" comments are rewritten.
# Run it after adding, moving or deleting a portable .cs file (OtaFirmware.Tests.Host/Device/NfprojConsistencyTests
# fails until you do). Usage: tools/sync-nfproj.sh [--check]   (--check: report drift, change nothing, exit 1 on drift)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
check=0
if [[ "${1:-}" == "--check" ]]; then
    check=1
fi

# list_sources <dir relative to root> <link prefix>
list_sources() {
    local dir="$1" prefix="$2"
    (cd "$root/$dir" && find . -type f -name '*.cs' \
        -not -path './obj/*' -not -path './bin/*' -not -path '*/obj/*' -not -path '*/bin/*' \
        | sed 's|^\./||' \
        | LC_ALL=C sort) \
    | while IFS= read -r rel; do
        local win="${rel//\//\\}"
        printf '    <Compile Include="..\\%s\\%s">\n      <Link>%s\\%s</Link>\n    </Compile>\n' "$dir" "$win" "$prefix" "$win"
    done
}

# replace_block <project file> <generated text file>
replace_block() {
    local project="$1" generated="$2" tmp
    tmp="$(mktemp)"
    awk -v gen="$generated" '
        /<!-- BEGIN GENERATED/ { print; while ((getline line < gen) > 0) print line; skipping = 1; next }
        /<!-- END GENERATED/ { skipping = 0 }
        !skipping { print }
    ' "$project" > "$tmp"
    if ! grep -q '<!-- BEGIN GENERATED' "$project"; then
        echo "no BEGIN GENERATED marker in $project" >&2
        rm -f "$tmp"
        exit 2
    fi
    if cmp -s "$tmp" "$project"; then
        rm -f "$tmp"
        echo "up to date: ${project#$root/}"
        return 0
    fi
    if [[ "$check" == 1 ]]; then
        echo "OUT OF DATE: ${project#$root/}" >&2
        diff -u "$project" "$tmp" >&2 || true
        rm -f "$tmp"
        return 1
    fi
    # keep CRLF/LF as it is in the file: these files are written with LF
    mv "$tmp" "$project"
    echo "updated: ${project#$root/}"
}

status=0

app_block="$(mktemp)"
{ list_sources OtaFirmware.Core Core; list_sources OtaFirmware.Gateway Gateway; } > "$app_block"
replace_block "$root/OtaFirmware/OtaFirmware.nfproj" "$app_block" || status=1
rm -f "$app_block"

test_block="$(mktemp)"
{ list_sources OtaFirmware.Core Core; list_sources OtaFirmware.Gateway Gateway; list_sources OtaFirmware.SimulatedHardware SimulatedHardware; list_sources OtaFirmware.Tests Tests; } > "$test_block"
replace_block "$root/OtaFirmware.Tests.Emulator/NFUnitTest.nfproj" "$test_block" || status=1
rm -f "$test_block"

exit "$status"
