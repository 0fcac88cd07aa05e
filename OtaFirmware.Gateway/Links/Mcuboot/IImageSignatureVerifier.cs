// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>
    /// Verifies the signature TLV of an MCUboot image against one trusted public key, as MCUboot's
    /// <c>bootutil_img_validate</c> does (<c>boot/bootutil/src/image_validate.c</c>).
    /// </summary>
    /// <remarks>Why an interface: public-key arithmetic does not belong in the interpreter (nanoFramework runs managed
    /// loops far too slowly and has no ECDSA or RSA); it belongs in native code on the device (mbedTLS) with a managed
    /// twin on desktop .NET. The desktop twin is <c>OtaFirmware.Host.Signing.EcdsaP256ImageVerifier</c> (imgtool's
    /// ECDSA P-256 keys); the device's is <c>OtaFirmware.Device.NativeEcdsaP256Verifier</c> (mbedtls through the
    /// interop), used for the sub-devices whose <c>signing_key</c> is configured.</remarks>
    public interface IImageSignatureVerifier
    {
        /// <summary>The TLV type the verifier checks, for example <see cref="McubootFormat.TlvEcdsaSignature"/>.</summary>
        int SignatureTlvType { get; }

        /// <summary>SHA-256 of the trusted public key as imgtool writes it in the KEYHASH TLV (32 bytes).</summary>
        byte[] KeyHash { get; }

        /// <summary>Checks <paramref name="count"/> bytes of <paramref name="signature"/> from <paramref name="offset"/>
        /// over the image hash (SHA-256 of header + body + protected TLV area, already checked against the SHA-256 TLV).</summary>
        /// <returns>True when the signature is valid for the trusted key.</returns>
        bool Verify(byte[] imageHash, byte[] signature, int offset, int count);
    }
}
