// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Security
{
    /// <summary>
    /// Verifies the Secure Boot v2 signature of a downloaded image in the inactive slot before it is activated: the
    /// SHA-256 of every byte before the signature sector, read back from flash, must equal the digest in a valid block
    /// whose public key digest the device trusts, and that block's RSA-PSS signature must verify.
    /// </summary>
    /// <remarks>
    /// The rules follow ESP-IDF (<c>esp_secure_boot_verify_signature</c>, <c>secure_boot_signatures_bootloader.c</c>)
    /// and espsecure.py <c>verify_signature --version 2</c>: the file is sector aligned, its last 4 KiB sector holds up to
    /// three blocks, a block counts only with magic, version and CRC right, and the image digest is over the padded image
    /// as written. Reading the image back (instead of trusting the digests computed while streaming) also proves that
    /// the flash holds what was hashed. One caller-owned buffer of at least <see cref="SignatureBlock.BlockSize"/> bytes
    /// (the pipeline's chunk buffer) is used; nothing is allocated per chunk.
    /// </remarks>
    public sealed class ImageSignatureCheck
    {
        private readonly IRsaPssVerifier _verifier;
        private readonly IStreamingHash _sha256;
        private readonly byte[] _trustedKeyDigests;
        private readonly byte[] _imageDigest = new byte[SignatureBlock.DigestLength];
        private readonly byte[] _keyDigest = new byte[SignatureBlock.DigestLength];
        private IFirmwareSlot _slot;
        private IFlashRegion _region;

        /// <summary>Creates the check.</summary>
        /// <param name="verifier">RSA-PSS over a block (native on the device, .NET on the host).</param>
        /// <param name="sha256">A SHA-256 to hash the image with (reset before use).</param>
        /// <param name="trustedKeyDigests">The trusted public key digests, 32 bytes each, concatenated; null or empty
        /// when none is configured (then every image is refused with <see cref="SignatureStatus.NoTrustedKey"/>).</param>
        public ImageSignatureCheck(IRsaPssVerifier verifier, IStreamingHash sha256, byte[] trustedKeyDigests)
        {
            if (verifier == null || sha256 == null)
            {
                throw new ArgumentNullException();
            }

            if (trustedKeyDigests != null && trustedKeyDigests.Length % SignatureBlock.DigestLength != 0)
            {
                throw new ArgumentException("trusted key digests must be 32 bytes each", "trustedKeyDigests");
            }

            _verifier = verifier;
            _sha256 = sha256;
            _trustedKeyDigests = trustedKeyDigests;
        }

        /// <summary>
        /// Checks the signed file of <paramref name="fileLength"/> bytes at the start of the inactive slot.
        /// </summary>
        /// <returns>Ok; NoTrustedKey, BadLength, ReadFailed (with the platform's code), NotSigned, DigestMismatch,
        /// UntrustedKey or BadSignature, each with a sentence.</returns>
        public SignatureResult Check(IFirmwareSlot slot, int fileLength, byte[] buffer)
        {
            if (slot == null)
            {
                throw new ArgumentNullException("slot");
            }

            _slot = slot;
            _region = null;
            try
            {
                return CheckFile(fileLength, buffer);
            }
            finally
            {
                _slot = null;
            }
        }

        /// <summary>
        /// Checks the signed file of <paramref name="fileLength"/> bytes at the start of <paramref name="region"/> (the
        /// simulated bootloader's view of an app partition, as ESP-IDF's bootloader verifies at every boot with secure
        /// boot on).
        /// </summary>
        /// <returns>The same results as <see cref="Check(IFirmwareSlot, int, byte[])"/>.</returns>
        public SignatureResult Check(IFlashRegion region, int fileLength, byte[] buffer)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            _region = region;
            _slot = null;
            try
            {
                return CheckFile(fileLength, buffer);
            }
            finally
            {
                _region = null;
            }
        }

        private FlashResult Read(int address, byte[] buffer, int count)
        {
            return _slot != null ? _slot.Read(address, buffer, 0, count) : _region.Read(address, buffer, 0, count);
        }

        private SignatureResult CheckFile(int fileLength, byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (buffer.Length < SignatureBlock.BlockSize)
            {
                throw new ArgumentException("the buffer must hold one signature block (1216 bytes)", "buffer");
            }

            if (_trustedKeyDigests == null || _trustedKeyDigests.Length == 0)
            {
                return new SignatureResult(SignatureStatus.NoTrustedKey, 0, "no trusted signing key digest is configured on this device");
            }

            if (fileLength < 2 * SignatureBlock.SectorSize || fileLength % SignatureBlock.SectorSize != 0)
            {
                return new SignatureResult(SignatureStatus.BadLength, 0, "a signed image is a whole number of 4 KiB sectors ending in the signature sector; this one is " + fileLength.ToString() + " bytes");
            }

            int signedLength = fileLength - SignatureBlock.SectorSize;
            SignatureResult read = HashSignedBytes(signedLength, buffer);
            if (read != null)
            {
                return read;
            }

            SignatureStatus worst = SignatureStatus.NotSigned;
            for (int block = 0; block < SignatureBlock.MaxBlocks; block++)
            {
                FlashResult status = Read(signedLength + (block * SignatureBlock.BlockSize), buffer, SignatureBlock.BlockSize);
                if (!status.IsOk)
                {
                    return new SignatureResult(SignatureStatus.ReadFailed, status.PlatformCode, "reading signature block " + block.ToString() + " back from the slot failed");
                }

                SignatureStatus verdict = CheckBlock(buffer);
                if (verdict == SignatureStatus.Ok)
                {
                    return new SignatureResult(SignatureStatus.Ok, 0, "signature block " + block.ToString() + " verified with a trusted key");
                }

                if (Rank(verdict) > Rank(worst))
                {
                    worst = verdict;
                }
            }

            return new SignatureResult(worst, 0, Describe(worst));
        }

        private static int Rank(SignatureStatus status)
        {
            switch (status)
            {
                case SignatureStatus.BadSignature: return 3;
                case SignatureStatus.UntrustedKey: return 2;
                case SignatureStatus.DigestMismatch: return 1;
                default: return 0;
            }
        }

        private static string Describe(SignatureStatus status)
        {
            switch (status)
            {
                case SignatureStatus.BadSignature: return "the image's signature does not verify with the trusted key";
                case SignatureStatus.UntrustedKey: return "the image is signed with a key this device does not trust";
                case SignatureStatus.DigestMismatch: return "the image's bytes do not match the digest in its signature block";
                default: return "the image carries no valid Secure Boot v2 signature block";
            }
        }

        private SignatureResult HashSignedBytes(int signedLength, byte[] buffer)
        {
            _sha256.Reset();
            int offset = 0;
            while (offset < signedLength)
            {
                int count = signedLength - offset;
                if (count > buffer.Length)
                {
                    count = buffer.Length;
                }

                FlashResult status = Read(offset, buffer, count);
                if (!status.IsOk)
                {
                    _sha256.Reset();
                    return new SignatureResult(SignatureStatus.ReadFailed, status.PlatformCode, "reading the image back from the slot failed at offset " + offset.ToString());
                }

                _sha256.Append(buffer, 0, count);
                offset += count;
            }

            _sha256.Finish(_imageDigest, 0);
            _sha256.Reset();
            return null;
        }

        private SignatureStatus CheckBlock(byte[] block)
        {
            if (!SignatureBlock.IsValidRsaBlock(block, 0))
            {
                return SignatureStatus.NotSigned;
            }

            if (!SignatureBlock.FixedTimeEquals(block, SignatureBlock.ImageDigestOffset, _imageDigest, 0, SignatureBlock.DigestLength))
            {
                return SignatureStatus.DigestMismatch;
            }

            SignatureBlock.ComputeKeyDigest(block, 0, _sha256, _keyDigest, 0);
            if (!IsTrusted(_keyDigest))
            {
                return SignatureStatus.UntrustedKey;
            }

            return _verifier.Verify(block, 0, _imageDigest, 0) ? SignatureStatus.Ok : SignatureStatus.BadSignature;
        }

        private bool IsTrusted(byte[] keyDigest)
        {
            for (int offset = 0; offset < _trustedKeyDigests.Length; offset += SignatureBlock.DigestLength)
            {
                if (SignatureBlock.FixedTimeEquals(_trustedKeyDigests, offset, keyDigest, 0, SignatureBlock.DigestLength))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
