// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Host.Signing;
using OtaFirmware.Tests.Host.Gateway;
using OtaFirmware.Tests.Host.Integrity.Native;

namespace OtaFirmware.Tests.Host.Security;

/// <summary>
/// The device's native ECDSA P-256 check of MCUboot's signature TLV (OtaFirmware.Esp32Ota/native/otafw_ecdsa_p256_verify.c,
/// mbedtls) compiled with the host compiler against Debian's libmbedtls-dev and called beside the host verifier
/// (EcdsaP256ImageVerifier): both accept what the signer signs and refuse the same tampered signatures, hashes and keys.
/// </summary>
[TestClass]
public sealed unsafe class NativeEcdsaP256VerifierTests
{
    private static IntPtr s_library;
    private static delegate* unmanaged<byte*, nuint, byte*, byte*, nuint, int> s_verify;
    private static ECDsa s_key = null!;
    private static ECDsa s_other = null!;

    [ClassInitialize]
    public static void Build(TestContext _)
    {
        s_library = NativeSourceBuild.Load("otafw_ecdsa_p256_verify.c", "-lmbedcrypto");
        s_verify = (delegate* unmanaged<byte*, nuint, byte*, byte*, nuint, int>)NativeLibrary.GetExport(s_library, "otafw_ecdsa_p256_verify");
        s_key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        s_other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_key.Dispose();
        s_other.Dispose();
        NativeLibrary.Free(s_library);
    }

    [TestMethod]
    [DataRow("as signed", true)]
    [DataRow("other key", false)]
    [DataRow("hash byte flipped", false)]
    [DataRow("signature byte flipped", false)]
    [DataRow("signature DER length byte flipped", false)]
    [DataRow("signature truncated", false)]
    [DataRow("signature zero-padded to 72", true)]
    [DataRow("signature padded with a non-zero byte", false)]
    [DataRow("signature padded past 72", false)]
    public void Verify_NativeAndHost_Agree(string variant, bool expected)
    {
        byte[] unsealed = SignedSubDeviceImageTests.Unsealed(2, 0, 1, withProtected: true);
        byte[] hash = SHA256.HashData(unsealed);
        byte[] signature = s_key.SignData(unsealed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        byte[] key = s_key.ExportSubjectPublicKeyInfo();
        switch (variant)
        {
            case "other key": key = s_other.ExportSubjectPublicKeyInfo(); break;
            case "hash byte flipped": hash[5] ^= 1; break;
            case "signature byte flipped": signature[signature.Length - 3] ^= 1; break;
            case "signature DER length byte flipped": signature[1] ^= 1; break;
            case "signature truncated": signature = signature[..^1]; break;
            case "signature zero-padded to 72": Array.Resize(ref signature, EcdsaP256ImageVerifier.MaxSignatureLength); break;
            case "signature padded with a non-zero byte": Array.Resize(ref signature, signature.Length + 1); signature[^1] = 1; break;
            case "signature padded past 72": Array.Resize(ref signature, EcdsaP256ImageVerifier.MaxSignatureLength + 1); break;
        }

        using var host = new EcdsaP256ImageVerifier(key);
        Assert.AreEqual(expected, host.Verify(hash, signature, 0, signature.Length), "host: " + variant);
        int native = Native(key, hash, signature);
        Assert.AreEqual(expected, native == 0, "native returned " + native + ": " + variant);
    }

    [TestMethod]
    public void Verify_ManySignatures_NativeAcceptsEvery()
    {
        // ECDSA signatures are 70, 71 or 72 bytes (r and s with or without a leading zero): cover the lengths.
        byte[] key = s_key.ExportSubjectPublicKeyInfo();
        for (int i = 0; i < 24; i++)
        {
            byte[] hash = SHA256.HashData(BitConverter.GetBytes(i));
            byte[] signature = s_key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            Assert.AreEqual(0, Native(key, hash, signature), "signature " + i + " of " + signature.Length + " bytes");
        }
    }

    [TestMethod]
    [DataRow("key truncated")]
    [DataRow("key with a trailing zero byte")]
    [DataRow("key with a trailing non-zero byte")]
    [DataRow("P-384 key")]
    [DataRow("secp256k1 key (same sizes as P-256)")]
    [DataRow("RSA key")]
    [DataRow("empty key")]
    public void Verify_NotOneP256Key_RefusedByBoth(string variant)
    {
        byte[] hash = SHA256.HashData([1, 2, 3]);
        byte[] signature = s_key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        byte[] key = s_key.ExportSubjectPublicKeyInfo();
        switch (variant)
        {
            case "key truncated": key = key[..^1]; break;
            case "key with a trailing zero byte": key = [.. key, 0]; break;
            case "key with a trailing non-zero byte": key = [.. key, 0x30]; break;
            case "P-384 key":
                using (ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                {
                    key = p384.ExportSubjectPublicKeyInfo();
                    signature = p384.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
                }

                break;
            case "secp256k1 key (same sizes as P-256)":
                // its signatures fit the 72-byte limit, so only the curve check refuses it
                using (ECDsa k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secp256k1")))
                {
                    key = k1.ExportSubjectPublicKeyInfo();
                    signature = k1.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
                }

                break;
            case "RSA key":
                using (RSA rsa = RSA.Create(2048))
                {
                    key = rsa.ExportSubjectPublicKeyInfo();
                }

                break;
            case "empty key": key = []; break;
        }

        Assert.ThrowsExactly<ArgumentException>(() => new EcdsaP256ImageVerifier(key), "host: " + variant);
        Assert.AreNotEqual(0, Native(key, hash, signature), "native: " + variant);
    }

    [TestMethod]
    public void Check_SealedImage_NativeVerifierSameStatusAsHost()
    {
        byte[] image = SignedSubDeviceImageTests.Sign(SignedSubDeviceImageTests.Unsealed(2, 0, 1, withProtected: true), s_key);
        using var host = new EcdsaP256ImageVerifier(s_key.ExportSubjectPublicKeyInfo());
        var native = new NativeVerifier(s_key.ExportSubjectPublicKeyInfo(), host.KeyHash);

        Assert.AreEqual(McubootCheckStatus.Ok, new McubootImageCheck(new HostSha256(), host).Check(new MemoryImage(image)).Status);
        Assert.AreEqual(McubootCheckStatus.Ok, new McubootImageCheck(new HostSha256(), native).Check(new MemoryImage(image)).Status);

        image[McubootFormat.HeaderSize + 10] ^= 1; // body: the SHA-256 TLV no longer matches
        Assert.AreEqual(
            new McubootImageCheck(new HostSha256(), host).Check(new MemoryImage(image)).Status,
            new McubootImageCheck(new HostSha256(), native).Check(new MemoryImage(image)).Status);
    }

    [TestMethod]
    public void Verify_NullArguments_BadArgumentNotCrash()
    {
        Assert.AreEqual(-1, s_verify(null, 0, null, null, 0));
    }

    private static int Native(byte[] key, byte[] hash, byte[] signature)
    {
        fixed (byte* k = key)
        fixed (byte* h = hash)
        fixed (byte* s = signature)
        {
            // a non-null pointer even for an empty array: the length, not the pointer, says "no key"
            byte dummy = 0;
            return s_verify(key.Length == 0 ? &dummy : k, (nuint)key.Length, h, s, (nuint)signature.Length);
        }
    }


    /// <summary>The native check behind the gateway's interface, as the device's NativeEcdsaP256Verifier puts it.</summary>
    private sealed class NativeVerifier(byte[] key, byte[] keyHash) : IImageSignatureVerifier
    {
        public int SignatureTlvType => McubootFormat.TlvEcdsaSignature;

        public byte[] KeyHash => keyHash;

        public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
        {
            return Native(key, imageHash, signature.AsSpan(offset, count).ToArray()) == 0;
        }
    }
}
