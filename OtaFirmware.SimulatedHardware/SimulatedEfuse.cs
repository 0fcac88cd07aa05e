// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Security;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// The security eFuses of a simulated ESP32: the Secure Boot v2 public key digests (BLOCK_KEYn with purpose
    /// SECURE_BOOT_DIGESTn), the secure boot enable bit, and the anti-rollback secure version counter.
    /// </summary>
    /// <remarks>
    /// Like real eFuse bits these are one-way: a digest once burned stays, secure boot once enabled stays on, and the
    /// secure version only rises (ESP-IDF <c>esp_efuse_update_secure_version</c> writes the counter as a thermometer
    /// code of set bits, so it can never go down). Nothing here survives a new <see cref="SimulatedEsp32"/>: a board
    /// kept across processes keeps its eFuses in the owner's configuration.
    /// </remarks>
    public sealed class SimulatedEfuse
    {
        /// <summary>Secure Boot v2 accepts at most three key digests (ESP32-S3, ESP32 ECO3 has one).</summary>
        public const int MaxKeyDigests = SignatureBlock.MaxBlocks;

        private byte[] _keyDigests = new byte[0];
        private int _waferVersion = Esp32ImageValidator.AnyRevision;

        /// <summary>The burned key digests, 32 bytes each, concatenated (empty when none).</summary>
        public byte[] KeyDigests
        {
            get { return (byte[])_keyDigests.Clone(); }
        }

        /// <summary>True once <see cref="EnableSecureBoot"/> burned the enable bit: the bootloader verifies every app.</summary>
        public bool SecureBootEnabled { get; private set; }

        /// <summary>The anti-rollback counter: the bootloader refuses apps whose secure_version is below it.</summary>
        public uint SecureVersion { get; private set; }

        /// <summary>
        /// The wafer version the factory burned, major * 100 + minor (efuse_hal_chip_revision), or
        /// <see cref="Esp32ImageValidator.AnyRevision"/> (the default) for the revision boards of the chip usually carry:
        /// see <see cref="ChipRevision"/>.
        /// </summary>
        public int WaferVersion
        {
            get { return _waferVersion; }
            set { _waferVersion = value; }
        }

        /// <summary>The revision the bootloader compares with an image's min/max_chip_rev_full.</summary>
        /// <param name="chipId">esp_chip_id_t of the board.</param>
        /// <returns><see cref="WaferVersion"/> when set, otherwise ESP32 v3.0 (300, the ECO3 of current modules) or
        /// ESP32-S3 v0.2 (2).</returns>
        public int ChipRevision(int chipId)
        {
            if (WaferVersion != Esp32ImageValidator.AnyRevision)
            {
                return WaferVersion;
            }

            return chipId == Esp32ImageHeader.ChipEsp32S3 ? 2 : 300;
        }

        /// <summary>Burns one more trusted key digest (32 bytes).</summary>
        /// <exception cref="ArgumentException">Not 32 bytes, or all key digest blocks are used.</exception>
        public void BurnKeyDigest(byte[] digest)
        {
            if (digest == null || digest.Length != SignatureBlock.DigestLength)
            {
                throw new ArgumentException("a key digest is 32 bytes", "digest");
            }

            if (_keyDigests.Length / SignatureBlock.DigestLength >= MaxKeyDigests)
            {
                throw new ArgumentException("every key digest block is burned already", "digest");
            }

            byte[] grown = new byte[_keyDigests.Length + digest.Length];
            Array.Copy(_keyDigests, grown, _keyDigests.Length);
            Array.Copy(digest, 0, grown, _keyDigests.Length, digest.Length);
            _keyDigests = grown;
        }

        /// <summary>Burns the secure boot enable bit (needs a key digest, as the real bootloader refuses to enable without one).</summary>
        /// <exception cref="InvalidOperationException">No key digest is burned.</exception>
        public void EnableSecureBoot()
        {
            if (_keyDigests.Length == 0)
            {
                throw new InvalidOperationException("burn a key digest before enabling secure boot");
            }

            SecureBootEnabled = true;
        }

        /// <summary>Raises the anti-rollback counter to <paramref name="secureVersion"/>; a lower value changes nothing.</summary>
        /// <returns>True when the counter rose.</returns>
        public bool RaiseSecureVersion(uint secureVersion)
        {
            if (secureVersion <= SecureVersion)
            {
                return false;
            }

            SecureVersion = secureVersion;
            return true;
        }
    }
}
