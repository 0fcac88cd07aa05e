// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Security.Cryptography;
using OtaFirmware.Gateway.Links.Mcuboot;

namespace OtaFirmware.Host.Signing;

/// <summary>
/// The host verifier of MCUboot's ECDSA P-256 signature TLV (IMAGE_TLV_ECDSA_SIG, 0x22) for one trusted public key, in
/// imgtool's format (mcu-tools/mcuboot <c>scripts/imgtool/keys/ecdsa.py</c>, <c>image.py</c>): the signature is the
/// DER <c>SEQUENCE { INTEGER r, INTEGER s }</c> of ECDSA with SHA-256 over header + body + protected TLV area, whose
/// SHA-256 is the image hash; the KEYHASH TLV is SHA-256 of the key's DER SubjectPublicKeyInfo (what
/// <c>get_public_bytes</c> returns and <c>imgtool getpub</c> embeds in MCUboot, whose <c>bootutil_find_key</c> hashes it).
/// </summary>
/// <remarks>Why signatures padded with zeros are accepted: imgtool before MCUboot 1.5 padded ECDSA signatures to 72
/// bytes and its verifier still strips them (<c>signature[:signature[1] + 2]</c>); the padding must be zeros here.</remarks>
public sealed class EcdsaP256ImageVerifier : IImageSignatureVerifier, IDisposable
{
    /// <summary>imgtool's <c>sig_len</c> for P-256: the longest (padded) signature.</summary>
    public const int MaxSignatureLength = 72;

    private readonly ECDsa _key;
    private readonly byte[] _keyHash;

    /// <summary>Creates a verifier for a public key.</summary>
    /// <param name="subjectPublicKeyInfo">The trusted key as DER SubjectPublicKeyInfo (imgtool <c>getpub --encoding
    /// der</c>), on curve P-256.</param>
    /// <exception cref="ArgumentException">Not a P-256 public key.</exception>
    public EcdsaP256ImageVerifier(byte[] subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length || key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new ArgumentException("not a P-256 SubjectPublicKeyInfo", nameof(subjectPublicKeyInfo));
            }
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new ArgumentException("not a P-256 SubjectPublicKeyInfo: " + e.Message, nameof(subjectPublicKeyInfo));
        }
        catch
        {
            key.Dispose();
            throw;
        }

        _key = key;

        // imgtool hashes the canonical DER (named curve, uncompressed point): export it rather than trust the input's form.
        _keyHash = SHA256.HashData(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Creates a verifier from a PEM file's text: a public key (imgtool <c>getpub --encoding pem</c>) or the
    /// private key itself (imgtool <c>keygen -t ecdsa-p256</c>, PKCS#8).</summary>
    /// <exception cref="ArgumentException">No P-256 key in the text.</exception>
    public static EcdsaP256ImageVerifier FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using ECDsa key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("no ECDSA key in the PEM text: " + e.Message, nameof(pem));
        }

        return new EcdsaP256ImageVerifier(key.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc/>
    public int SignatureTlvType => McubootFormat.TlvEcdsaSignature;

    /// <inheritdoc/>
    public byte[] KeyHash => (byte[])_keyHash.Clone();

    /// <inheritdoc/>
    public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(imageHash);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, signature.Length - offset);
        if (imageHash.Length != McubootFormat.HashLength || count < 8 || count > MaxSignatureLength || signature[offset] != 0x30)
        {
            return false;
        }

        // A short-form DER length (a P-256 signature is at most 72 bytes); anything after the SEQUENCE must be zero padding.
        int length = signature[offset + 1];
        if (length >= 0x80 || length + 2 > count)
        {
            return false;
        }

        for (int i = offset + length + 2; i < offset + count; i++)
        {
            if (signature[i] != 0)
            {
                return false;
            }
        }

        try
        {
            return _key.VerifyHash(imageHash, signature.AsSpan(offset, length + 2), DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
