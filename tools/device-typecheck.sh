#!/usr/bin/env bash
# Type-checks the nanoFramework device code (OtaFirmware/, OtaFirmware.Esp32Ota/NativeOta.cs) against declarations of
# the nanoFramework APIs it uses (tools/DeviceTypeCheck). Needs the merged core (agent, dialects, hashes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/tools/DeviceTypeCheck/DeviceTypeCheck.csproj" -nologo -v q "$@"
