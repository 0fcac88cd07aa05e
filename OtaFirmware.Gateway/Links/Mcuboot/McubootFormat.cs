// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>
    /// Constants of the MCUboot image format (mcu-tools/mcuboot <c>boot/bootutil/include/bootutil/image.h</c>): the
    /// 32-byte little-endian header, the optional protected TLV area and the TLV area that imgtool appends after the body.
    /// </summary>
    public static class McubootFormat
    {
        /// <summary>IMAGE_MAGIC, the first word of the header.</summary>
        public const uint ImageMagic = 0x96f3b83d;

        /// <summary>IMAGE_HEADER_SIZE: the struct image_header (imgtool's default ih_hdr_size is larger only when asked).</summary>
        public const int HeaderSize = 32;

        /// <summary>IMAGE_TLV_INFO_MAGIC: starts the TLV area that is not covered by the hash.</summary>
        public const int TlvInfoMagic = 0x6907;

        /// <summary>IMAGE_TLV_PROT_INFO_MAGIC: starts the protected TLV area (covered by the hash, size in ih_protect_tlv_size).</summary>
        public const int ProtectedTlvInfoMagic = 0x6908;

        /// <summary>Size of struct image_tlv_info (magic, total length including this info) and of struct image_tlv (type, length).</summary>
        public const int TlvHeaderSize = 4;

        /// <summary>IMAGE_TLV_KEYHASH: SHA-256 of the public key imgtool signed with (its DER SubjectPublicKeyInfo for ECDSA).</summary>
        public const int TlvKeyHash = 0x01;

        /// <summary>IMAGE_TLV_SHA256: SHA-256 of header + body (+ protected TLV area).</summary>
        public const int TlvSha256 = 0x10;

        /// <summary>IMAGE_TLV_RSA2048_PSS: RSA-2048 PSS (SHA-256, salt 32) signature of the hashed bytes.</summary>
        public const int TlvRsa2048Pss = 0x20;

        /// <summary>IMAGE_TLV_ECDSA_SIG (formerly ECDSA256): DER-encoded ECDSA signature (P-256 with SHA-256 here).</summary>
        public const int TlvEcdsaSignature = 0x22;

        /// <summary>IMAGE_TLV_RSA3072_PSS.</summary>
        public const int TlvRsa3072Pss = 0x23;

        /// <summary>IMAGE_TLV_ED25519.</summary>
        public const int TlvEd25519 = 0x24;

        /// <summary>Length of the SHA-256 TLV's value.</summary>
        public const int HashLength = 32;
    }
}
