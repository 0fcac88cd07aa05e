// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;
using OtaFirmware.Security;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// Builds Secure Boot v2 signed files with a stand-in for RSA that the portable tests can run on the emulator: the
    /// layout (image padded with 0xFF to 4 KiB, one signature sector, block magic, version, image digest, key, CRC) is
    /// the real one; the "signature" is the image digest in the first 32 bytes of the signature field, which
    /// <see cref="EchoRsaPssVerifier"/> accepts. The real RSA-PSS round trip is in the host tests.
    /// </summary>
    public static class StandInSigner
    {
        /// <summary>A stand-in public key (776 bytes) derived from <paramref name="seed"/>.</summary>
        public static byte[] Key(int seed)
        {
            byte[] key = new byte[SignatureBlock.KeyLength];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)((i * 31) + seed);
            }

            return key;
        }

        /// <summary>The key digest the device trusts for <paramref name="key"/> (SHA-256 of the key bytes).</summary>
        public static byte[] KeyDigest(byte[] key)
        {
            Sha256 sha = new Sha256();
            sha.Append(key, 0, key.Length);
            byte[] digest = new byte[32];
            sha.Finish(digest, 0);
            return digest;
        }

        /// <summary>The file <paramref name="image"/> becomes when signed with <paramref name="key"/>.</summary>
        public static byte[] Sign(byte[] image, byte[] key)
        {
            int content = ((image.Length + SignatureBlock.SectorSize - 1) / SignatureBlock.SectorSize) * SignatureBlock.SectorSize;
            byte[] file = new byte[content + SignatureBlock.SectorSize];
            for (int i = 0; i < file.Length; i++)
            {
                file[i] = 0xFF;
            }

            Array.Copy(image, file, image.Length);
            Sha256 sha = new Sha256();
            sha.Append(file, 0, content);
            byte[] digest = new byte[32];
            sha.Finish(digest, 0);

            int block = content;
            file[block] = SignatureBlock.Magic;
            file[block + 1] = SignatureBlock.VersionRsa;
            file[block + 2] = 0;
            file[block + 3] = 0;
            Array.Copy(digest, 0, file, block + SignatureBlock.ImageDigestOffset, 32);
            Array.Copy(key, 0, file, block + SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
            for (int i = 0; i < SignatureBlock.RsaLength; i++)
            {
                file[block + SignatureBlock.SignatureOffset + i] = i < 32 ? digest[i] : (byte)0;
            }

            for (int i = SignatureBlock.CrcOffset + 4; i < SignatureBlock.BlockSize; i++)
            {
                file[block + i] = 0;
            }

            FixCrc(file, block);
            return file;
        }

        /// <summary>Writes the block CRC of the block at <paramref name="block"/> (so a changed field still parses).</summary>
        public static void FixCrc(byte[] file, int block)
        {
            uint crc = Crc32.Update(0, file, block, SignatureBlock.CrcOffset);
            file[block + SignatureBlock.CrcOffset] = (byte)crc;
            file[block + SignatureBlock.CrcOffset + 1] = (byte)(crc >> 8);
            file[block + SignatureBlock.CrcOffset + 2] = (byte)(crc >> 16);
            file[block + SignatureBlock.CrcOffset + 3] = (byte)(crc >> 24);
        }
    }
}
