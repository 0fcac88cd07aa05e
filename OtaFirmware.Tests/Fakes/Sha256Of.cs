// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Integrity;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>The real SHA-256 of a whole byte array (the sub-device images carry imgtool's SHA-256 TLV, so the
    /// simulated device and the gateway check them with the real hash).</summary>
    public static class Sha256Of
    {
        /// <summary>SHA-256 of <paramref name="data"/>.</summary>
        public static byte[] Bytes(byte[] data)
        {
            Sha256 sha = new Sha256();
            sha.Append(data, 0, data.Length);
            byte[] digest = new byte[sha.DigestSize];
            sha.Finish(digest, 0);
            return digest;
        }
    }
}
