// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Security.Cryptography;
using OtaFirmware.Security;

namespace OtaFirmware.Host.Signing;

/// <summary>
/// The host twin of the device's native RSA-PSS verification: System.Security.Cryptography over the key and signature
/// of a Secure Boot v2 block (RSA-3072, PSS with SHA-256, MGF1-SHA-256, salt length 32 — the digest length, which is
/// what .NET's <see cref="RSASignaturePadding.Pss"/> uses).
/// </summary>
public sealed class RsaPssVerifier : IRsaPssVerifier
{
    /// <inheritdoc/>
    public bool Verify(byte[] block, int blockOffset, byte[] digest, int digestOffset)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(digest);
        byte[] modulus = BigEndian(block, blockOffset + SignatureBlock.ModulusOffset, SignatureBlock.RsaLength);
        byte[] signature = BigEndian(block, blockOffset + SignatureBlock.SignatureOffset, SignatureBlock.RsaLength);
        uint exponentWord = SignatureBlock.ReadUInt32(block, blockOffset + SignatureBlock.ExponentOffset);
        if (exponentWord == 0 || (modulus[0] & 0x80) == 0)
        {
            return false; // not a 3072-bit modulus, or no exponent: a malformed key is a failed verification
        }

        byte[] exponent = TrimmedBigEndian(exponentWord);
        try
        {
            using RSA rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = exponent });
            return rsa.VerifyHash(digest.AsSpan(digestOffset, SignatureBlock.DigestLength), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[] BigEndian(byte[] source, int offset, int count)
    {
        byte[] result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = source[offset + count - 1 - i];
        }

        return result;
    }

    private static byte[] TrimmedBigEndian(uint value)
    {
        byte[] bytes = [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
        int start = 0;
        while (start < 3 && bytes[start] == 0)
        {
            start++;
        }

        return bytes[start..];
    }
}
