// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Security;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>Stand-in for RSA-PSS (see <see cref="StandInSigner"/>): the "signature" verifies when its first 32 bytes are the digest.</summary>
    public sealed class EchoRsaPssVerifier : IRsaPssVerifier
    {
        /// <inheritdoc />
        public bool Verify(byte[] block, int blockOffset, byte[] digest, int digestOffset)
        {
            return SignatureBlock.FixedTimeEquals(block, blockOffset + SignatureBlock.SignatureOffset, digest, digestOffset, 32);
        }
    }
}
