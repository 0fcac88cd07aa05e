// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32Ota;
using OtaFirmware.Security;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The device's RSA-PSS check of a Secure Boot v2 block: one interop call into mbedtls
    /// (<see cref="NativeOta.VerifySignatureBlock"/>, native/otafw_sbv2_verify.c), never big-number arithmetic in the
    /// interpreter. The host twin is OtaFirmware.Host.Signing.RsaPssVerifier; both are checked against each other on
    /// the host (OtaFirmware.Tests.Host/Security/NativeRsaPssVerifierTests).
    /// </summary>
    /// <remarks>
    /// Stock firmware without the interop throws NotSupportedException here; Program refuses to start with signature
    /// checking configured on such firmware, so the agent never runs without the check it was told to make.
    /// </remarks>
    public sealed class NativeRsaPssVerifier : IRsaPssVerifier
    {
        /// <inheritdoc />
        public bool Verify(byte[] block, int blockOffset, byte[] digest, int digestOffset)
        {
            return NativeOta.VerifySignatureBlock(block, blockOffset, digest, digestOffset) == 0;
        }
    }
}
