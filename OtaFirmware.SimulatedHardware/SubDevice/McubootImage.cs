// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.SimulatedHardware.SubDevice
{
    /// <summary>
    /// The MCUboot image header (32 bytes, little-endian: magic 0x96f3b83d, load address, header size, protected TLV
    /// size, image size, flags, version major.minor.revision+build, padding) as far as the simulated sub-device needs
    /// it: building test images as imgtool's <c>image.py</c> does (header, body, the protected TLV area when there are
    /// protected TLVs: info magic 0x6908 and total, then the TLV area: info magic 0x6907 and total, the SHA-256 TLV over
    /// header + body + protected area, and, for a signed image, KEYHASH and the signature TLV) and reading the version of
    /// an uploaded one.
    /// </summary>
    public static class McubootImage
    {
        /// <summary>IMAGE_MAGIC.</summary>
        public const uint Magic = 0x96f3b83d;

        /// <summary>Length of the header.</summary>
        public const int HeaderSize = 32;

        /// <summary>Builds a test image as imgtool would without a key: header (hdr_size 32), <paramref name="payloadLength"/>
        /// bytes derived from <paramref name="seed"/>, and the TLV area with the SHA-256 TLV.</summary>
        public static byte[] Build(int major, int minor, int revision, uint build, int payloadLength, int seed)
        {
            return Seal(BuildUnsealed(major, minor, revision, build, payloadLength, seed), null, 0, null);
        }

        /// <summary>SHA-256 of what imgtool hashes in <paramref name="unsealed"/> (header + body + protected TLV area,
        /// all of it): the value of the SHA-256 TLV, and what a signature signs.</summary>
        public static byte[] HashOf(byte[] unsealed)
        {
            Sha256 sha = new Sha256();
            sha.Append(unsealed, 0, unsealed.Length);
            byte[] digest = new byte[sha.DigestSize];
            sha.Finish(digest, 0);
            return digest;
        }

        /// <summary>Appends imgtool's TLV area to header + body (+ protected TLV area): the SHA-256 TLV, then, when
        /// <paramref name="keyHash"/> is given, the KEYHASH TLV and the signature TLV of <paramref name="signatureTlvType"/>
        /// (imgtool's order).</summary>
        public static byte[] Seal(byte[] unsealed, byte[] keyHash, int signatureTlvType, byte[] signature)
        {
            if (unsealed == null)
            {
                throw new ArgumentNullException("unsealed");
            }

            int tlvs = McubootFormat.TlvHeaderSize + McubootFormat.TlvHeaderSize + McubootFormat.HashLength;
            if (keyHash != null)
            {
                tlvs += McubootFormat.TlvHeaderSize + keyHash.Length + McubootFormat.TlvHeaderSize + signature.Length;
            }

            byte[] image = new byte[unsealed.Length + tlvs];
            Array.Copy(unsealed, 0, image, 0, unsealed.Length);
            int at = unsealed.Length;
            at = PutTlvHeader(image, at, McubootFormat.TlvInfoMagic, tlvs);
            at = PutTlv(image, at, McubootFormat.TlvSha256, HashOf(unsealed));
            if (keyHash != null)
            {
                at = PutTlv(image, at, McubootFormat.TlvKeyHash, keyHash);
                PutTlv(image, at, signatureTlvType, signature);
            }

            return image;
        }

        /// <summary>
        /// Appends one protected TLV to header + body (+ protected TLVs already added), as imgtool does for
        /// <c>--security-counter</c>, <c>--dependencies</c> and <c>--custom-tlv</c>: the protected area starts with its
        /// own info (magic 0x6908, total including the info) right after the body, and the header's
        /// <c>ih_protect_tlv_size</c> holds that total. The result is still unsealed: the hash and the signature cover it.
        /// </summary>
        /// <param name="unsealed">Header + body, possibly with protected TLVs already (from <see cref="BuildUnsealed"/>).</param>
        /// <param name="type">TLV type (for example 0x50 IMAGE_TLV_SEC_CNT, or a custom tag from 0xa0).</param>
        /// <param name="value">TLV value.</param>
        /// <returns>A new array with the TLV added.</returns>
        public static byte[] AddProtectedTlv(byte[] unsealed, int type, byte[] value)
        {
            if (unsealed == null || value == null)
            {
                throw new ArgumentNullException(unsealed == null ? "unsealed" : "value");
            }

            int protectedSize = unsealed[10] | (unsealed[11] << 8);
            int added = McubootFormat.TlvHeaderSize + value.Length + (protectedSize == 0 ? McubootFormat.TlvHeaderSize : 0);
            int bodyEnd = unsealed.Length - protectedSize;
            int total = protectedSize + added;
            if (type < 0 || type > 0xFFFF || total > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(total > 0xFFFF ? "value" : "type");
            }

            byte[] image = new byte[unsealed.Length + added];
            Array.Copy(unsealed, 0, image, 0, unsealed.Length);
            image[10] = (byte)total;
            image[11] = (byte)(total >> 8);
            PutTlvHeader(image, bodyEnd, McubootFormat.ProtectedTlvInfoMagic, total);
            PutTlv(image, protectedSize == 0 ? bodyEnd + McubootFormat.TlvHeaderSize : unsealed.Length, type, value);
            return image;
        }

        /// <summary>Header and body only, without a TLV area (what imgtool signs when there are no protected TLVs; an
        /// image MCUboot refuses).</summary>
        public static byte[] BuildUnsealed(int major, int minor, int revision, uint build, int payloadLength, int seed)
        {
            if (payloadLength < 0)
            {
                throw new ArgumentOutOfRangeException("payloadLength");
            }

            byte[] image = new byte[HeaderSize + payloadLength];
            PutUInt32(image, 0, Magic);
            image[8] = HeaderSize;
            PutUInt32(image, 12, (uint)payloadLength);
            image[20] = (byte)major;
            image[21] = (byte)minor;
            image[22] = (byte)revision;
            image[23] = (byte)(revision >> 8);
            PutUInt32(image, 24, build);
            uint state = (uint)seed * 2654435761u + 1;
            for (int i = HeaderSize; i < image.Length; i++)
            {
                state = state * 1664525u + 1013904223u;
                image[i] = (byte)(state >> 24);
            }

            return image;
        }

        /// <summary>Reads the version from a header at <paramref name="offset"/>.</summary>
        /// <param name="version">"major.minor.revision", with ".build" appended when the build number is not 0.</param>
        /// <returns>True when <paramref name="count"/> bytes hold a header with the MCUboot magic.</returns>
        public static bool TryReadVersion(byte[] data, int offset, int count, out string version)
        {
            version = null;
            if (data == null || offset < 0 || count < HeaderSize || offset + count > data.Length)
            {
                return false;
            }

            uint magic = (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));
            if (magic != Magic)
            {
                return false;
            }

            int revision = data[offset + 22] | (data[offset + 23] << 8);
            uint build = (uint)(data[offset + 24] | (data[offset + 25] << 8) | (data[offset + 26] << 16) | (data[offset + 27] << 24));
            version = data[offset + 20].ToString() + "." + data[offset + 21].ToString() + "." + revision.ToString()
                + (build != 0 ? "." + build.ToString() : string.Empty);
            return true;
        }

        private static int PutTlv(byte[] buffer, int offset, int type, byte[] value)
        {
            offset = PutTlvHeader(buffer, offset, type, value.Length);
            Array.Copy(value, 0, buffer, offset, value.Length);
            return offset + value.Length;
        }

        private static int PutTlvHeader(byte[] buffer, int offset, int first, int second)
        {
            buffer[offset] = (byte)first;
            buffer[offset + 1] = (byte)(first >> 8);
            buffer[offset + 2] = (byte)second;
            buffer[offset + 3] = (byte)(second >> 8);
            return offset + 4;
        }

        private static void PutUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }
    }
}
