#!/usr/bin/env bash
# Type-checks the nanoFramework device code (OtaFirmware/, OtaFirmware.Esp32Ota/*.cs) against the real mscorlib of
# nanoFramework.CoreLibrary 1.17.11, the portable libraries compiled the same way, and declarations of the device
# libraries NuGet does not serve here (tools/DeviceTypeCheck). Also part of `dotnet build OtaFirmware.Desktop.slnf`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/tools/DeviceTypeCheck/DeviceTypeCheck.csproj" -nologo -v q "$@"
