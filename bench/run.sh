#!/usr/bin/env bash
# Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
#
# Builds the benchmark in Release and runs every section once on this machine, writing bench/RESULTS.md.
# Usage: bench/run.sh [extra arguments for OtaFirmware.Bench, e.g. --sections 1,2,3 or --fleet 50]
# (BENCH_DEBUG=1 prints the board log of every end-to-end update and any allocating agent pump; BENCH_BOARD_LOG=1
# prints every benchmark board's own log lines.)
# Needs mosquitto + libmosquitto (installed by tools/install-host-deps.sh) and the .NET 10 SDK.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools/install-host-deps.sh
dotnet build bench/OtaFirmware.Bench/OtaFirmware.Bench.csproj -c Release -nologo -v quiet

export BENCH_COMMAND="bench/run.sh${*:+ $*}"
exec dotnet bench/OtaFirmware.Bench/bin/Release/net10.0/OtaFirmware.Bench.dll --out bench/RESULTS.md "$@"
