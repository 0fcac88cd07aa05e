#!/usr/bin/env bash
# Runs every test of OtaFirmware on a fresh Debian 12 machine with the .NET 10 SDK:
# the portable tests (the same files run on the nanoFramework emulator) and the host tests (real mosquitto broker,
# real Kestrel HTTPS server, simulated ESP32 boards). Installs missing Debian packages first (needs root or sudo).
# Ends with a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

./tools/install-host-deps.sh || { echo "could not install the host packages (mosquitto, libmosquitto1)"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p .run
log=.run/test.log
dotnet build OtaFirmware.Desktop.slnf -c Release -nologo -v q 2>&1 | tail -n 30
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test OtaFirmware.Desktop.slnf -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Passed!  - Failed:     0, Passed:    12, Skipped: ..."
read -r passed failed < <(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+" "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
assemblies=$(grep -cE "(Passed|Failed)! +- +Failed:" "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test host crashed or an assembly did not report: never report green
fi
echo "test assemblies reporting: $assemblies"
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
