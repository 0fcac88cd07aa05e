// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Host.Signing;

namespace OtaFirmware.Tests.Host.Security;

/// <summary>The host ECDSA P-256 verifier of MCUboot's signature TLV, with real keys.</summary>
[TestClass]
public sealed class EcdsaP256ImageVerifierTests
{
    [TestMethod]
    public void KeyHash_IsSha256OfDerSubjectPublicKeyInfoAsImgtool()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] spki = key.ExportSubjectPublicKeyInfo();
        using var verifier = new EcdsaP256ImageVerifier(spki);

        Assert.AreEqual(91, spki.Length); // SEQUENCE { AlgorithmIdentifier(ecPublicKey, prime256v1), BIT STRING 04||X||Y }
        CollectionAssert.AreEqual(SHA256.HashData(spki), verifier.KeyHash);
        Assert.AreEqual(McubootFormat.TlvEcdsaSignature, verifier.SignatureTlvType);
        using var fromPem = EcdsaP256ImageVerifier.FromPem(key.ExportPkcs8PrivateKeyPem());
        CollectionAssert.AreEqual(verifier.KeyHash, fromPem.KeyHash);
    }

    [TestMethod]
    public void Verify_DerSignatureOverImageHash_TrueOnlyForItsHashAndKey()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] hash = SHA256.HashData("header+body+protected"u8.ToArray());
        byte[] signature = key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        using var verifier = new EcdsaP256ImageVerifier(key.ExportSubjectPublicKeyInfo());
        using var otherVerifier = new EcdsaP256ImageVerifier(other.ExportSubjectPublicKeyInfo());

        Assert.IsTrue(verifier.Verify(hash, signature, 0, signature.Length));
        Assert.IsFalse(otherVerifier.Verify(hash, signature, 0, signature.Length));
        byte[] otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 1;
        Assert.IsFalse(verifier.Verify(otherHash, signature, 0, signature.Length));
        byte[] raw = key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Assert.IsFalse(verifier.Verify(hash, raw, 0, raw.Length)); // r||s is not imgtool's format
    }

    [TestMethod]
    public void Verify_ZeroPaddedTo72AsOldImgtool_TrueButNonZeroPaddingFalse()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var verifier = new EcdsaP256ImageVerifier(key.ExportSubjectPublicKeyInfo());
        byte[] hash = SHA256.HashData("image"u8.ToArray());
        byte[] signature = key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        for (int i = 0; signature.Length == 72 && i < 100; i++)
        {
            signature = key.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence); // a shorter one, to have padding
        }

        byte[] padded = new byte[3 + 72];
        Array.Copy(signature, 0, padded, 3, signature.Length);

        Assert.IsTrue(verifier.Verify(hash, padded, 3, signature.Length));
        Assert.IsTrue(verifier.Verify(hash, padded, 3, 72));
        padded[3 + 71] = 1;
        Assert.IsFalse(verifier.Verify(hash, padded, 3, 72));
        Assert.IsFalse(verifier.Verify(hash, padded, 3, signature.Length - 1));
    }

    [TestMethod]
    public void Create_NotP256_ArgumentException()
    {
        using ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using RSA rsa = RSA.Create(2048);

        Assert.ThrowsExactly<ArgumentException>(() => new EcdsaP256ImageVerifier(p384.ExportSubjectPublicKeyInfo()));
        Assert.ThrowsExactly<ArgumentException>(() => new EcdsaP256ImageVerifier(rsa.ExportSubjectPublicKeyInfo()));
        Assert.ThrowsExactly<ArgumentException>(() => new EcdsaP256ImageVerifier([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.ThrowsExactly<ArgumentException>(() => EcdsaP256ImageVerifier.FromPem("no key here"));
    }
}
