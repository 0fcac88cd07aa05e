// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>
    /// Checks an MCUboot image the way MCUboot's <c>bootutil_img_validate</c> (<c>boot/bootutil/src/image_validate.c</c>)
    /// and Zephyr's <c>img_mgmt_read_info</c> read it: the header, the protected TLV area when
    /// <c>ih_protect_tlv_size</c> is set (its info magic 0x6908 and total must agree), the TLV area (magic 0x6907), exactly
    /// one SHA-256 TLV whose value equals the SHA-256 of header + body + protected TLV area (what imgtool's
    /// <c>image.py</c> hashes), and, with a verifier, a KEYHASH TLV naming the trusted key and a signature TLV of the
    /// verifier's type that verifies over that hash. The gateway checks a staged image with it before uploading; the
    /// simulated sub-device checks its slots with it as its bootloader would.
    /// </summary>
    /// <remarks>Buffers are allocated once; a check allocates only its result (and a signature copy when one is
    /// verified). The hash must not be one a download in progress is feeding: a check resets it.</remarks>
    public sealed class McubootImageCheck
    {
        private const int MaxSignatureLength = 1024;

        private readonly IStreamingHash _sha256;
        private readonly IImageSignatureVerifier _verifier;
        private readonly byte[] _buffer = new byte[256];
        private readonly byte[] _digest;
        private readonly byte[] _tlvHash = new byte[McubootFormat.HashLength];
        private readonly byte[] _keyHash = new byte[McubootFormat.HashLength];

        /// <summary>Creates a check.</summary>
        /// <param name="sha256">SHA-256 (the platform's; reset before use).</param>
        /// <param name="verifier">The trusted key's verifier, or null when images need no signature.</param>
        public McubootImageCheck(IStreamingHash sha256, IImageSignatureVerifier verifier)
        {
            if (sha256 == null)
            {
                throw new ArgumentNullException("sha256");
            }

            if (sha256.DigestSize != McubootFormat.HashLength)
            {
                throw new ArgumentException("sha256");
            }

            _sha256 = sha256;
            _verifier = verifier;
            _digest = new byte[McubootFormat.HashLength];
        }

        /// <summary>True when images must carry a signature TLV for the configured key.</summary>
        public bool RequiresSignature
        {
            get { return _verifier != null; }
        }

        /// <summary>Checks <paramref name="image"/>.</summary>
        /// <returns>Ok (with the SHA-256 TLV and version), ReadFailed, BadHeader, BadTlvArea, HashMissing, HashMismatch,
        /// SignatureMissing or SignatureInvalid.</returns>
        public McubootCheckResult Check(ISubDeviceImage image)
        {
            return Inspect(image, true);
        }

        /// <summary>Reads the header and the SHA-256 TLV without hashing the image or checking a signature, as Zephyr's
        /// <c>img_mgmt_read_info</c> does to list a slot (MCUboot validates only when it boots the image).</summary>
        /// <returns>Ok (with the SHA-256 TLV and version), ReadFailed, BadHeader, BadTlvArea or HashMissing.</returns>
        public McubootCheckResult ReadInfo(ISubDeviceImage image)
        {
            return Inspect(image, false);
        }

        private McubootCheckResult Inspect(ISubDeviceImage image, bool verify)
        {
            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            int length = image.Length;
            if (length < McubootFormat.HeaderSize)
            {
                return Fail(McubootCheckStatus.BadHeader, "shorter than an MCUboot header");
            }

            if (!image.Read(0, _buffer, 0, McubootFormat.HeaderSize))
            {
                return Fail(McubootCheckStatus.ReadFailed, "image read failed");
            }

            if (UInt32(_buffer, 0) != McubootFormat.ImageMagic)
            {
                return Fail(McubootCheckStatus.BadHeader, "no MCUboot image magic");
            }

            int headerSize = UInt16(_buffer, 8);
            int protectedSize = UInt16(_buffer, 10);
            uint imageSize = UInt32(_buffer, 12);
            string version = McubootVersion.Format(_buffer[20], _buffer[21], UInt16(_buffer, 22), UInt32(_buffer, 24));
            if (headerSize < McubootFormat.HeaderSize || imageSize > (uint)length || headerSize + (long)imageSize + protectedSize + McubootFormat.TlvHeaderSize > length)
            {
                return Fail(McubootCheckStatus.BadHeader, "header sizes do not fit the file");
            }

            int bodyEnd = headerSize + (int)imageSize;
            if (protectedSize > 0)
            {
                if (!image.Read(bodyEnd, _buffer, 0, McubootFormat.TlvHeaderSize))
                {
                    return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                }

                if (UInt16(_buffer, 0) != McubootFormat.ProtectedTlvInfoMagic || UInt16(_buffer, 2) != protectedSize)
                {
                    return Fail(McubootCheckStatus.BadTlvArea, "protected TLV area does not match ih_protect_tlv_size");
                }
            }

            int hashedEnd = bodyEnd + protectedSize;
            if (!image.Read(hashedEnd, _buffer, 0, McubootFormat.TlvHeaderSize))
            {
                return Fail(McubootCheckStatus.ReadFailed, "image read failed");
            }

            int tlvTotal = UInt16(_buffer, 2);
            if (UInt16(_buffer, 0) != McubootFormat.TlvInfoMagic || tlvTotal < McubootFormat.TlvHeaderSize || hashedEnd + tlvTotal > length)
            {
                return Fail(McubootCheckStatus.BadTlvArea, "no TLV area (magic 0x6907) after the body");
            }

            bool hashSeen = false;
            bool keySeen = false;
            int signatureOffset = -1;
            int signatureLength = 0;
            int end = hashedEnd + tlvTotal;
            for (int at = hashedEnd + McubootFormat.TlvHeaderSize; at < end;)
            {
                if (at + McubootFormat.TlvHeaderSize > end || !image.Read(at, _buffer, 0, McubootFormat.TlvHeaderSize))
                {
                    return Fail(at + McubootFormat.TlvHeaderSize > end ? McubootCheckStatus.BadTlvArea : McubootCheckStatus.ReadFailed, "TLV header at " + at.ToString());
                }

                int type = UInt16(_buffer, 0);
                int valueLength = UInt16(_buffer, 2);
                int value = at + McubootFormat.TlvHeaderSize;
                if (value + valueLength > end)
                {
                    return Fail(McubootCheckStatus.BadTlvArea, "TLV type " + type.ToString() + " runs past the TLV area");
                }

                if (type == McubootFormat.TlvSha256 && valueLength == McubootFormat.HashLength)
                {
                    if (hashSeen)
                    {
                        return Fail(McubootCheckStatus.HashMissing, "more than one SHA-256 TLV");
                    }

                    hashSeen = true;
                    if (!image.Read(value, _tlvHash, 0, McubootFormat.HashLength))
                    {
                        return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                    }
                }
                else if (type == McubootFormat.TlvKeyHash && valueLength == McubootFormat.HashLength && _verifier != null)
                {
                    if (!image.Read(value, _keyHash, 0, McubootFormat.HashLength))
                    {
                        return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                    }

                    keySeen = keySeen || Same(_keyHash, 0, _verifier.KeyHash, McubootFormat.HashLength);
                }
                else if (_verifier != null && type == _verifier.SignatureTlvType && signatureOffset < 0)
                {
                    signatureOffset = value;
                    signatureLength = valueLength;
                }

                at = value + valueLength;
            }

            if (!hashSeen)
            {
                return Fail(McubootCheckStatus.HashMissing, "no SHA-256 TLV");
            }

            if (!verify)
            {
                byte[] listed = new byte[McubootFormat.HashLength];
                Array.Copy(_tlvHash, 0, listed, 0, listed.Length);
                return new McubootCheckResult(McubootCheckStatus.Ok, null, listed, version);
            }

            _sha256.Reset();
            bool read = true;
            for (int done = 0; read && done < hashedEnd;)
            {
                int n = hashedEnd - done < _buffer.Length ? hashedEnd - done : _buffer.Length;
                read = image.Read(done, _buffer, 0, n);
                _sha256.Append(_buffer, 0, n);
                done += n;
            }

            _sha256.Finish(_digest, 0);
            _sha256.Reset();
            if (!read)
            {
                return Fail(McubootCheckStatus.ReadFailed, "image read failed");
            }

            if (!Same(_digest, 0, _tlvHash, McubootFormat.HashLength))
            {
                return Fail(McubootCheckStatus.HashMismatch, "SHA-256 TLV does not match the image");
            }

            byte[] hash = new byte[McubootFormat.HashLength];
            Array.Copy(_tlvHash, 0, hash, 0, hash.Length);
            if (_verifier != null)
            {
                if (!keySeen)
                {
                    return Fail(McubootCheckStatus.SignatureMissing, "image is not signed with the trusted key (no KEYHASH TLV for it)");
                }

                if (signatureOffset < 0 || signatureLength == 0 || signatureLength > MaxSignatureLength)
                {
                    return Fail(McubootCheckStatus.SignatureMissing, "no signature TLV of type " + _verifier.SignatureTlvType.ToString());
                }

                byte[] signature = new byte[signatureLength];
                if (!image.Read(signatureOffset, signature, 0, signatureLength))
                {
                    return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                }

                if (!_verifier.Verify(hash, signature, 0, signatureLength))
                {
                    return Fail(McubootCheckStatus.SignatureInvalid, "signature TLV does not verify with the trusted key");
                }
            }

            return new McubootCheckResult(McubootCheckStatus.Ok, null, hash, version);
        }

        /// <summary>Name of a status (Enum.ToString gives the number on nanoFramework).</summary>
        public static string StatusName(McubootCheckStatus status)
        {
            switch (status)
            {
                case McubootCheckStatus.Ok: return "Ok";
                case McubootCheckStatus.ReadFailed: return "ReadFailed";
                case McubootCheckStatus.BadHeader: return "BadHeader";
                case McubootCheckStatus.BadTlvArea: return "BadTlvArea";
                case McubootCheckStatus.HashMissing: return "HashMissing";
                case McubootCheckStatus.HashMismatch: return "HashMismatch";
                case McubootCheckStatus.SignatureMissing: return "SignatureMissing";
                case McubootCheckStatus.SignatureInvalid: return "SignatureInvalid";
                default: return "Status" + ((int)status).ToString();
            }
        }

        private static McubootCheckResult Fail(McubootCheckStatus status, string detail)
        {
            return new McubootCheckResult(status, detail, null, null);
        }

        private static int UInt16(byte[] b, int o)
        {
            return b[o] | (b[o + 1] << 8);
        }

        private static uint UInt32(byte[] b, int o)
        {
            return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
        }

        private static bool Same(byte[] a, int offset, byte[] b, int length)
        {
            if (b == null || b.Length < length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (a[offset + i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
