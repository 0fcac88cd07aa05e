// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;

namespace OtaFirmware.Security
{
    /// <summary>
    /// The ESP-IDF Secure Boot v2 signature sector and its RSA blocks (<c>ets_secure_boot_sig_block_t</c>, version 2),
    /// byte for byte as espsecure.py <c>sign_data --version 2</c> writes them and ESP-IDF's bootloader reads them.
    /// </summary>
    /// <remarks>
    /// A signed file is the image padded with 0xFF to a 4 KiB boundary, then one 4 KiB sector holding up to three
    /// 1216-byte blocks (the rest 0xFF). A block: magic 0xE7, version 0x02, two pad bytes, the SHA-256 of every byte
    /// before the sector (32), the RSA-3072 public key as the hardware uses it — modulus (384, little-endian), exponent
    /// (4), R^-1 mod n (384, little-endian), M' (4) — the RSA-PSS signature (384, little-endian), the CRC-32 of the 1196
    /// bytes before it (zlib's, ESP-IDF's <c>esp_rom_crc32_le(0, ...)</c>), and 16 zero bytes. The key digest the
    /// device trusts (in eFuse on a chip with secure boot, in the device configuration otherwise) is the SHA-256 of
    /// the 776 key bytes at offset 36, as espsecure.py <c>digest_sbv2_public_key</c> prints it.
    /// </remarks>
    public static class SignatureBlock
    {
        /// <summary>The signature sector's size and alignment.</summary>
        public const int SectorSize = 4096;

        /// <summary>Size of one block.</summary>
        public const int BlockSize = 1216;

        /// <summary>At most three blocks per sector (ESP32 rev3 uses the first only).</summary>
        public const int MaxBlocks = 3;

        /// <summary>First byte of a block.</summary>
        public const byte Magic = 0xE7;

        /// <summary>Second byte of an RSA-3072 block.</summary>
        public const byte VersionRsa = 0x02;

        /// <summary>Offset of the 32-byte image digest.</summary>
        public const int ImageDigestOffset = 4;

        /// <summary>Offset of the public key (modulus, exponent, R^-1, M').</summary>
        public const int KeyOffset = 36;

        /// <summary>Length of the public key material hashed into the key digest.</summary>
        public const int KeyLength = 776;

        /// <summary>Offset of the modulus (little-endian).</summary>
        public const int ModulusOffset = 36;

        /// <summary>Length of the modulus and of the signature.</summary>
        public const int RsaLength = 384;

        /// <summary>Offset of the public exponent (32-bit little-endian).</summary>
        public const int ExponentOffset = 420;

        /// <summary>Offset of the signature (little-endian).</summary>
        public const int SignatureOffset = 812;

        /// <summary>Offset of the CRC-32 over the bytes before it.</summary>
        public const int CrcOffset = 1196;

        /// <summary>Length of a SHA-256 digest.</summary>
        public const int DigestLength = 32;

        /// <summary>
        /// True when the block at <paramref name="offset"/> is a well-formed RSA block: magic, version 2 and a matching
        /// CRC (espsecure.py <c>validate_signature_block</c>; the bootloader checks the same before using a block).
        /// </summary>
        public static bool IsValidRsaBlock(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset > buffer.Length - BlockSize)
            {
                return false;
            }

            if (buffer[offset] != Magic || buffer[offset + 1] != VersionRsa)
            {
                return false;
            }

            uint stored = ReadUInt32(buffer, offset + CrcOffset);
            return Crc32.Update(0, buffer, offset, CrcOffset) == stored;
        }

        /// <summary>Writes the SHA-256 of the block's public key (the digest a device trusts) at <paramref name="destinationOffset"/>.</summary>
        public static void ComputeKeyDigest(byte[] block, int blockOffset, IStreamingHash sha256, byte[] destination, int destinationOffset)
        {
            sha256.Reset();
            sha256.Append(block, blockOffset + KeyOffset, KeyLength);
            sha256.Finish(destination, destinationOffset);
            sha256.Reset();
        }

        /// <summary>Reads a 32-bit little-endian word.</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }

        /// <summary>True when <paramref name="count"/> bytes at <paramref name="a"/>+<paramref name="aOffset"/> equal those at <paramref name="b"/>+<paramref name="bOffset"/>, in time independent of where they differ.</summary>
        public static bool FixedTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            if (a == null || b == null)
            {
                throw new ArgumentNullException();
            }

            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }
    }
}
