// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>
    /// Checks an MCUboot image the way MCUboot's <c>bootutil_img_validate</c> (<c>boot/bootutil/src/image_validate.c</c>)
    /// and Zephyr's <c>img_mgmt_read_info</c> read it: the header, the protected TLV area when
    /// <c>ih_protect_tlv_size</c> is set (its info magic 0x6908 and total must agree), the TLV area (magic 0x6907), exactly
    /// one SHA-256 TLV (32 bytes) whose value equals the SHA-256 of header + body + protected TLV area (what imgtool's
    /// <c>image.py</c> hashes and signs), and, with a verifier, at least one signature TLV of the verifier's type right
    /// after a KEYHASH TLV naming the trusted key; every such signature must verify over that hash. TLVs are walked in
    /// both areas as <c>bootutil_tlv_iter_next</c> (<c>tlv.c</c>) walks them; unknown types are skipped. The gateway checks a staged image with it before uploading; the
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

            // bootutil_tlv_iter_begin (tlv.c): a protected area (info magic 0x6908) must be exactly ih_protect_tlv_size
            // long, and there is none when ih_protect_tlv_size is 0; the unprotected area (0x6907) follows it.
            int bodyEnd = headerSize + (int)imageSize;
            if (!image.Read(bodyEnd, _buffer, 0, McubootFormat.TlvHeaderSize))
            {
                return Fail(McubootCheckStatus.ReadFailed, "image read failed");
            }

            if (UInt16(_buffer, 0) == McubootFormat.ProtectedTlvInfoMagic || protectedSize > 0)
            {
                if (UInt16(_buffer, 0) != McubootFormat.ProtectedTlvInfoMagic || UInt16(_buffer, 2) != protectedSize
                    || protectedSize < McubootFormat.TlvHeaderSize)
                {
                    return Fail(McubootCheckStatus.BadTlvArea, "protected TLV area (magic 0x6908) does not match ih_protect_tlv_size " + protectedSize.ToString());
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

            // bootutil_img_validate hashes header + body + protected area before it walks the TLVs (image_validate.c).
            if (verify && !HashImage(image, hashedEnd))
            {
                return Fail(McubootCheckStatus.ReadFailed, "image read failed");
            }

            // The walk covers the protected TLVs and then the unprotected ones, skipping the second info header, as
            // bootutil_tlv_iter_next does. A signature counts only for the KEYHASH TLV right before it
            // (image_validate.c resets key_id after each signature and ignores one whose key it does not know).
            bool hashSeen = false;
            bool keyMatched = false;
            int signatures = 0;
            int keysSeen = 0;
            int end = hashedEnd + tlvTotal;
            for (int at = bodyEnd + McubootFormat.TlvHeaderSize; at < end;)
            {
                if (at == hashedEnd && protectedSize > 0)
                {
                    at += McubootFormat.TlvHeaderSize;
                    continue;
                }

                int areaEnd = at < hashedEnd ? hashedEnd : end;
                if (at + McubootFormat.TlvHeaderSize > areaEnd)
                {
                    return Fail(McubootCheckStatus.BadTlvArea, "TLV header at " + at.ToString() + " runs past its area");
                }

                if (!image.Read(at, _buffer, 0, McubootFormat.TlvHeaderSize))
                {
                    return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                }

                int type = UInt16(_buffer, 0);
                int valueLength = UInt16(_buffer, 2);
                int value = at + McubootFormat.TlvHeaderSize;
                if (value + valueLength > areaEnd)
                {
                    return Fail(McubootCheckStatus.BadTlvArea, "TLV type " + type.ToString() + " runs past its area");
                }

                if (type == McubootFormat.TlvSha256)
                {
                    if (valueLength != McubootFormat.HashLength)
                    {
                        return Fail(McubootCheckStatus.BadTlvArea, "SHA-256 TLV of " + valueLength.ToString() + " bytes");
                    }

                    if (hashSeen)
                    {
                        return Fail(McubootCheckStatus.HashMissing, "more than one SHA-256 TLV");
                    }

                    hashSeen = true;
                    if (!image.Read(value, _tlvHash, 0, McubootFormat.HashLength))
                    {
                        return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                    }

                    if (verify && !Same(_digest, 0, _tlvHash, McubootFormat.HashLength))
                    {
                        return Fail(McubootCheckStatus.HashMismatch, "SHA-256 TLV does not match header + body + protected TLVs");
                    }
                }
                else if (verify && _verifier != null && type == McubootFormat.TlvKeyHash)
                {
                    // bootutil_find_key compares at most 32 bytes; a shorter value is not accepted here.
                    keysSeen++;
                    keyMatched = valueLength == McubootFormat.HashLength && image.Read(value, _keyHash, 0, McubootFormat.HashLength)
                        && Same(_keyHash, 0, _verifier.KeyHash, McubootFormat.HashLength);
                }
                else if (verify && _verifier != null && type == _verifier.SignatureTlvType)
                {
                    if (keyMatched)
                    {
                        if (valueLength == 0 || valueLength > MaxSignatureLength)
                        {
                            return Fail(McubootCheckStatus.SignatureInvalid, "signature TLV of " + valueLength.ToString() + " bytes");
                        }

                        byte[] signature = new byte[valueLength];
                        if (!image.Read(value, signature, 0, valueLength))
                        {
                            return Fail(McubootCheckStatus.ReadFailed, "image read failed");
                        }

                        if (!_verifier.Verify(_digest, signature, 0, valueLength))
                        {
                            return Fail(McubootCheckStatus.SignatureInvalid, "signature TLV (type " + type.ToString() + ") does not verify with the trusted key");
                        }

                        signatures++;
                    }

                    keyMatched = false;
                }

                at = value + valueLength;
            }

            if (!hashSeen)
            {
                return Fail(McubootCheckStatus.HashMissing, "no SHA-256 TLV");
            }

            if (verify && _verifier != null && signatures == 0)
            {
                return Fail(McubootCheckStatus.SignatureMissing, keysSeen > 0
                    ? "image is signed with another key (no KEYHASH TLV names the trusted key before a signature TLV)"
                    : "image is not signed (no KEYHASH TLV and signature TLV of type " + _verifier.SignatureTlvType.ToString() + ")");
            }

            byte[] hash = new byte[McubootFormat.HashLength];
            Array.Copy(_tlvHash, 0, hash, 0, hash.Length);
            return new McubootCheckResult(McubootCheckStatus.Ok, null, hash, version);
        }

        private bool HashImage(ISubDeviceImage image, int hashedEnd)
        {
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
            return read;
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
