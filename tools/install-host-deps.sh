#!/usr/bin/env bash
# Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
#
# Installs what the host-side components need on Debian/Ubuntu: the mosquitto broker (tests, demo and benchmarks
# start their own on free ports, see OtaFirmware.Host/Broker/MosquittoBroker.cs) and libmosquitto.so.1 (the P/Invoke
# MQTT client in OtaFirmware.Host/Mqtt), and the C/C++ compilers the host tests and the benchmark use to build and
# type-check the device's native interop (OtaFirmware.Esp32Ota/native, OtaFirmware.Tests.Host/Integrity/Native).
# Idempotent: installs only what is missing, runs apt-get update only when
# needed, and makes sure no system mosquitto service is left listening on 1883.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

missing=()
dpkg-query -W -f='${Status}' mosquitto 2>/dev/null | grep -q "install ok installed" || missing+=(mosquitto)
dpkg-query -W -f='${Status}' libmosquitto1 2>/dev/null | grep -q "install ok installed" || missing+=(libmosquitto1)
for package in gcc g++ libc6-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3-cryptography: the independent Secure Boot v2 signer/verifier (tools/espsecure-compat/sbv2.py) and imgtool
# ECDSA P-256 signer/verifier (tools/imgtool-compat/imgtool_compat.py) the tests check against.
# libmbedtls-dev: the tests compile the device's native RSA-PSS check (OtaFirmware.Esp32Ota/native) on the host.
for package in python3-cryptography libmbedtls-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    # Keep the package scripts from starting the service where policy-rc.d allows it.
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
        $SUDO apt-get update
        $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
    fi
else
    echo "mosquitto, libmosquitto1, gcc, g++ and libc6-dev already installed"
fi

# The packaged service listens on 1883; the tests use their own brokers, so stop and disable it where it runs.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now mosquitto.service >/dev/null 2>&1 || true
elif command -v service >/dev/null 2>&1; then
    $SUDO service mosquitto stop >/dev/null 2>&1 || true
fi

if [ -f /var/run/mosquitto/mosquitto.pid ]; then
    pid="$(cat /var/run/mosquitto/mosquitto.pid)"
    if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "/etc/mosquitto/mosquitto.conf"; then
        $SUDO kill "$pid" || true
    fi
fi

test -x /usr/sbin/mosquitto || { echo "mosquitto binary missing" >&2; exit 1; }
# Read the loader's cache into a variable first: with pipefail, `ldconfig -p | grep -q` fails whenever grep stops
# reading at its first match and ldconfig dies of SIGPIPE.
loader_cache="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p)"
grep -q "libmosquitto.so.1" <<<"$loader_cache" || { echo "libmosquitto.so.1 not found by the loader" >&2; exit 1; }
command -v gcc >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || { echo "gcc/g++ missing" >&2; exit 1; }
echo "host dependencies ready: $(/usr/sbin/mosquitto -h 2>/dev/null | head -n 1)"
