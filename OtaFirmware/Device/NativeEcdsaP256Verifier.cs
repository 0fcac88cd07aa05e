// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Integrity;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The gateway's check of a sub-device image's ECDSA P-256 signature TLV on the device: one interop call into
    /// mbedtls (<see cref="NativeOta.VerifyEcdsaP256"/>, native/otafw_ecdsa_p256_verify.c), never elliptic-curve
    /// arithmetic in the interpreter. The host twin is OtaFirmware.Host.Signing.EcdsaP256ImageVerifier; both are checked
    /// against each other on the host (OtaFirmware.Tests.Host/Security/NativeEcdsaP256VerifierTests).
    /// </summary>
    /// <remarks>
    /// Stock firmware without the method throws NotSupportedException from <see cref="Verify"/>; Program probes it with
    /// <see cref="IsPresent"/> and leaves out a sub-device whose key it cannot check rather than update it unverified.
    /// </remarks>
    public sealed class NativeEcdsaP256Verifier : IImageSignatureVerifier
    {
        private readonly byte[] _key;
        private readonly byte[] _keyHash;

        /// <summary>Creates the verifier for one trusted key.</summary>
        /// <param name="subjectPublicKeyInfo">The key's canonical DER SubjectPublicKeyInfo, as
        /// <c>DeviceConfigurationReader.SubDeviceSigningKey</c> returns it.</param>
        /// <param name="sha256">A SHA-256 to hash the key with (imgtool's KEYHASH is SHA-256 of these bytes).</param>
        public NativeEcdsaP256Verifier(byte[] subjectPublicKeyInfo, IStreamingHash sha256)
        {
            if (subjectPublicKeyInfo == null || subjectPublicKeyInfo.Length == 0 || sha256 == null)
            {
                throw new ArgumentNullException();
            }

            _key = subjectPublicKeyInfo;
            _keyHash = new byte[McubootFormat.HashLength];
            sha256.Reset();
            sha256.Append(_key, 0, _key.Length);
            sha256.Finish(_keyHash, 0);
        }

        /// <inheritdoc />
        public int SignatureTlvType
        {
            get { return McubootFormat.TlvEcdsaSignature; }
        }

        /// <inheritdoc />
        public byte[] KeyHash
        {
            get
            {
                byte[] copy = new byte[_keyHash.Length];
                Array.Copy(_keyHash, copy, copy.Length);
                return copy;
            }
        }

        /// <summary>True when the running firmware has the native method (it answers a call with empty arguments
        /// with an error instead of throwing).</summary>
        public static bool IsPresent()
        {
            try
            {
                NativeOta.VerifyEcdsaP256(new byte[1], 0, 1, new byte[32], 0, new byte[1], 0, 1);
                return true;
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
        {
            if (imageHash == null || imageHash.Length != McubootFormat.HashLength || signature == null || count <= 0)
            {
                return false;
            }

            return NativeOta.VerifyEcdsaP256(_key, 0, _key.Length, imageHash, 0, signature, offset, count) == 0;
        }
    }
}
