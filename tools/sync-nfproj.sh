#!/usr/bin/env bash
# Regenerates the linked sources of the classic nanoFramework projects (.nfproj files list every file). The portable
# code is built as class libraries, one .nfproj each, referenced by the app and by the emulator test projects:
#   nanoFramework/OtaFirmware.Primitives/OtaFirmware.Primitives.nfproj               OtaFirmware.Primitives/**/*.cs
#   nanoFramework/OtaFirmware.Core/OtaFirmware.Core.nfproj                           OtaFirmware.Core/**/*.cs
#   nanoFramework/OtaFirmware.Gateway/OtaFirmware.Gateway.nfproj                     OtaFirmware.Gateway/**/*.cs
#   nanoFramework/OtaFirmware.SimulatedHardware/OtaFirmware.SimulatedHardware.nfproj OtaFirmware.SimulatedHardware/**/*.cs
#   OtaFirmware.Tests.Emulator/<Group>/NFUnitTest.<Group>.nfproj                       the test folders of the group (below)
#                                                                                    + OtaFirmware.Tests/Fakes and *.cs
# Only the lines between the "BEGIN GENERATED" and "END GENERATED" comments are rewritten.
# Run it after adding, moving or deleting a portable .cs file (OtaFirmware.Tests.Host/Device/NfprojConsistencyTests
# fails until you do). Usage: tools/sync-nfproj.sh [--check]   (--check: report drift, change nothing, exit 1 on drift)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
check=0
if [[ "${1:-}" == "--check" ]]; then
    check=1
fi

# The emulator test groups: each is one NFUnitTest assembly, kept well under the .pe limits
# (OtaFirmware.Tests.Host/Device/AssemblySizeTests). Every folder of OtaFirmware.Tests except Fakes belongs to one group.
test_groups=(
    "Core:Agent Clouds Configuration Connectivity Esp32 Integrity Security Text"
    "Gateway:Gateway"
    "SimulatedHardware:SimulatedHardware"
    "Update:Update"
)

# list_sources <dir relative to root> <link prefix> <path from the project to the root, Windows form>
#              [--top-level-only | <subfolder>]
list_sources() {
    local dir="$1" prefix="$2" up="$3" scope="${4:-}"
    local -a find_args=(. -type f -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*')
    if [[ "$scope" == "--top-level-only" ]]; then
        find_args=(. -maxdepth 1 -type f -name '*.cs')
    elif [[ -n "$scope" ]]; then
        find_args=("./$scope" -type f -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*')
    fi
    (cd "$root/$dir" && find "${find_args[@]}" | sed 's|^\./||' | LC_ALL=C sort) \
    | while IFS= read -r rel; do
        local win="${rel//\//\\}"
        printf '    <Compile Include="%s\\%s\\%s">\n      <Link>%s\\%s</Link>\n    </Compile>\n' "$up" "$dir" "$win" "$prefix" "$win"
    done
}

# replace_block <project file> <generated text file>
replace_block() {
    local project="$1" generated="$2" tmp
    tmp="$(mktemp)"
    if ! grep -q '<!-- BEGIN GENERATED' "$project"; then
        echo "no BEGIN GENERATED marker in $project" >&2
        rm -f "$tmp"
        exit 2
    fi
    awk -v gen="$generated" '
        /<!-- BEGIN GENERATED/ { print; while ((getline line < gen) > 0) print line; skipping = 1; next }
        /<!-- END GENERATED/ { skipping = 0 }
        !skipping { print }
    ' "$project" > "$tmp"
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
block="$(mktemp)"
trap 'rm -f "$block"' EXIT

for library in OtaFirmware.Primitives OtaFirmware.Core OtaFirmware.Gateway OtaFirmware.SimulatedHardware; do
    list_sources "$library" "${library#OtaFirmware.}" '..\..' > "$block"
    replace_block "$root/nanoFramework/$library/$library.nfproj" "$block" || status=1
done

for entry in "${test_groups[@]}"; do
    group="${entry%%:*}"
    {
        list_sources OtaFirmware.Tests Tests '..\..' --top-level-only
        list_sources OtaFirmware.Tests Tests '..\..' Fakes
        for folder in ${entry#*:}; do
            list_sources OtaFirmware.Tests Tests '..\..' "$folder"
        done
    } > "$block"
    replace_block "$root/OtaFirmware.Tests.Emulator/$group/NFUnitTest.$group.nfproj" "$block" || status=1
done

exit "$status"
