#!/usr/bin/env bash
# The OtaFirmware demo on a fresh Debian 12 machine with the .NET 10 SDK: installs mosquitto and libmosquitto1 if
# missing (needs root or sudo), builds, then narrates a simulated ESP32 taking an OTA update through a real broker and
# a real HTTPS server: update, power cut at ~40 %, resume, swap, confirm, and a refused image with a wrong digest.
# Options: --cloud tencent|aliyun|jdcloud (default tencent), --verbose; --gateway runs the gateway sub-device demo instead.
set -euo pipefail
cd "$(dirname "$0")"
./tools/install-host-deps.sh >/dev/null
dotnet build OtaFirmware.Demo/OtaFirmware.Demo.csproj -c Release -nologo -v q >/dev/null
exec dotnet OtaFirmware.Demo/bin/Release/net10.0/OtaFirmware.Demo.dll "$@"
