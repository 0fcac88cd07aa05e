// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Esp32;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Security;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The device's anti-rollback counter, read from ESP-IDF's secure version eFuse through
    /// <see cref="NativeOta.GetSecureVersion"/> (esp_efuse_read_secure_version), and kept in the <see cref="ImagePolicy"/>.
    /// </summary>
    /// <remarks>
    /// Why a refresh after confirmation: with CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK, ESP-IDF's
    /// esp_ota_mark_app_valid_cancel_rollback raises the eFuse to the confirmed image's secure_version, so the counter
    /// read at power-on is stale once a new image is confirmed; the policy must refuse what the bootloader will refuse.
    /// The counter is only ever raised here, never lowered. The host twin is the simulated eFuse
    /// (OtaFirmware.SimulatedHardware), whose counter the simulated board hands to the same policy.
    /// </remarks>
    public sealed class Esp32AntiRollbackCounter
    {
        private readonly ILog _log;
        private readonly int[] _value = new int[1];

        /// <summary>Creates the reader.</summary>
        /// <param name="log">Where the mode and failures are logged.</param>
        public Esp32AntiRollbackCounter(ILog log)
        {
            _log = log;
        }

        /// <summary>
        /// Reads the counter: ESP_OK with the value; ESP_ERR_NOT_SUPPORTED when the firmware was built without
        /// anti-rollback or is a nanoCLR without this interop method (then the bootloader enforces nothing either).
        /// </summary>
        /// <param name="counter">The eFuse counter on ESP_OK, otherwise 0.</param>
        /// <returns>The esp_err_t of the read.</returns>
        public int TryRead(out uint counter)
        {
            counter = 0;
            int err;
            try
            {
                err = NativeOta.GetSecureVersion(_value);
            }
            catch (NotSupportedException)
            {
                // nanoCLR built before the interop had this method (native version below 1.3)
                return EspErrorMap.NotSupported;
            }

            if (err == EspErrorMap.Ok)
            {
                counter = (uint)_value[0];
            }

            return err;
        }

        /// <summary>Reads the counter into <paramref name="policy"/> and logs which protection is in force.</summary>
        /// <param name="policy">The device's image policy.</param>
        public void Apply(ImagePolicy policy)
        {
            uint counter;
            int err = TryRead(out counter);
            if (err == EspErrorMap.NotSupported)
            {
                _log.Write("images: anti-rollback counter not supported by this firmware (built without CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK); only the version policy refuses old images");
                return;
            }

            if (err != EspErrorMap.Ok)
            {
                _log.Write("images: anti-rollback counter could not be read (" + EspErrorMap.Describe(err) + "); keeping " + policy.MinimumSecureVersion.ToString());
                return;
            }

            if (counter > policy.MinimumSecureVersion)
            {
                policy.MinimumSecureVersion = counter;
            }

            _log.Write("images: anti-rollback counter (eFuse secure version) " + policy.MinimumSecureVersion.ToString());
        }
    }
}
