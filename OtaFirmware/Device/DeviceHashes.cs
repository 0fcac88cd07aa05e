// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Integrity;

namespace OtaFirmware.Device
{
    /// <summary>
    /// Creates the device's MD5 and SHA-256: native (<see cref="NativeStreamingHash"/>) when the firmware has the
    /// OtaFirmware.Esp32Ota interop with the hashes, otherwise the managed <see cref="Md5"/> and <see cref="Sha256"/>.
    /// The choice is made once, at construction, and logged once when it falls back.
    /// </summary>
    /// <remarks>
    /// Why a fallback rather than a fatal error: both implementations keep the same contract and journal bytes, so the
    /// update still works, only slower (the interpreter runs the managed hashes at roughly 1/100 of native speed;
    /// docs/DEVICE.md, "Update time"). A missing InternalCall throws <see cref="NotSupportedException"/> on nanoCLR
    /// (CLR_E_NOT_SUPPORTED), not <see cref="NotImplementedException"/>; both are caught so a desktop stub that throws
    /// the latter falls back too.
    /// </remarks>
    public sealed class DeviceHashes
    {
        private readonly bool _native;

        /// <summary>Probes the interop once.</summary>
        /// <param name="log">Where the fallback is reported (once).</param>
        public DeviceHashes(ILog log)
        {
            try
            {
                NativeStreamingHash.CreateMd5();
                _native = true;
            }
            catch (NotSupportedException)
            {
                _native = false;
            }
            catch (NotImplementedException)
            {
                _native = false;
            }

            if (!_native && log != null)
            {
                log.Write("HASH: this firmware has no native MD5/SHA-256 (OtaFirmware.Esp32Ota native version 1.1); using the managed ones, which make an update CPU-bound (docs/DEVICE.md)");
            }
        }

        /// <summary>True when the hashes are computed in native code.</summary>
        public bool IsNative
        {
            get { return _native; }
        }

        /// <summary>A new MD5: native when available, managed otherwise.</summary>
        public IStreamingHash CreateMd5()
        {
            return _native ? (IStreamingHash)NativeStreamingHash.CreateMd5() : new Md5();
        }

        /// <summary>A new SHA-256: native when available, managed otherwise.</summary>
        public IStreamingHash CreateSha256()
        {
            return _native ? (IStreamingHash)NativeStreamingHash.CreateSha256() : new Sha256();
        }
    }
}
