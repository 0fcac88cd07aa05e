// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.IO;
using System.Numerics;
using System.Security.Cryptography;
using OtaFirmware.Integrity;
using OtaFirmware.Security;

namespace OtaFirmware.Host.Signing;

/// <summary>
/// Signs ESP32 app images the way espsecure.py <c>sign_data --version 2</c> does (RSA-3072, PSS with SHA-256 and a
/// 32-byte salt), generates signing keys as <c>generate_signing_key --version 2</c> does (PEM, PKCS#1) and computes the
/// public key digest the device trusts as <c>digest_sbv2_public_key</c> does.
/// </summary>
/// <remarks>
/// The output is the image padded with 0xFF to a 4 KiB boundary followed by a 4 KiB signature sector with one block (the
/// rest 0xFF). An image that already ends in a signature sector with valid blocks gets the new block appended after
/// them (espsecure's <c>--append_signatures</c>), up to three.
/// </remarks>
public static class SecureBootSigner
{
    /// <summary>Creates a new RSA-3072 signing key, exponent 65537.</summary>
    public static RSA GenerateKey()
    {
        return RSA.Create(3072);
    }

    /// <summary>Writes <paramref name="key"/> as a PKCS#1 PEM private key ("BEGIN RSA PRIVATE KEY") readable by the owner only.</summary>
    public static void WritePrivateKey(RSA key, string path)
    {
        ArgumentNullException.ThrowIfNull(key);
        string pem = new string(PemEncoding.Write("RSA PRIVATE KEY", key.ExportRSAPrivateKey()));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem + "\n");
    }

    /// <summary>Reads a PEM private key (PKCS#1 or PKCS#8) and checks it is RSA-3072.</summary>
    public static RSA ReadPrivateKey(string path)
    {
        RSA key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(path));
        if (key.KeySize != 3072)
        {
            key.Dispose();
            throw new InvalidDataException($"{path}: Secure Boot v2 signs with RSA-3072 keys; this key has {key.KeySize} bits");
        }

        return key;
    }

    /// <summary>The public key block (modulus, exponent, R^-1 mod n, M'; 776 bytes) as it stands in a signature block.</summary>
    public static byte[] PublicKeyBlock(RSA key)
    {
        RSAParameters p = key.ExportParameters(false);
        var n = new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true);
        var e = new BigInteger(p.Exponent, isUnsigned: true, isBigEndian: true);
        BigInteger rinv = BigInteger.ModPow(2, 3072 * 2, n); // (1 << 6144) % n, as espsecure computes "rinv"
        BigInteger two32 = BigInteger.One << 32;
        BigInteger nInv = BigInteger.ModPow(n % two32, (two32 >> 1) - 1, two32); // n^-1 mod 2^32 (n odd: n^(2^31-1))
        uint mPrime = (uint)((two32 - nInv) % two32); // -n^-1 mod 2^32

        byte[] block = new byte[SignatureBlock.KeyLength];
        WriteLittleEndian(n, block, 0, SignatureBlock.RsaLength);
        WriteUInt32(block, SignatureBlock.RsaLength, (uint)e);
        WriteLittleEndian(rinv, block, SignatureBlock.RsaLength + 4, SignatureBlock.RsaLength);
        WriteUInt32(block, (2 * SignatureBlock.RsaLength) + 4, mPrime);
        return block;
    }

    /// <summary>The SHA-256 of <see cref="PublicKeyBlock"/>: the key digest a device is configured (or fused) to trust.</summary>
    public static byte[] KeyDigest(RSA key)
    {
        return SHA256.HashData(PublicKeyBlock(key));
    }

    /// <summary>Signs <paramref name="image"/> and returns the signed file.</summary>
    public static byte[] Sign(byte[] image, RSA key)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        int existing = CountValidBlocks(image);
        byte[] content;
        byte[] sector = new byte[SignatureBlock.SectorSize];
        sector.AsSpan().Fill(0xFF);
        if (existing > 0)
        {
            if (existing == SignatureBlock.MaxBlocks)
            {
                throw new InvalidOperationException("the image already has three signature blocks");
            }

            content = image[..^SignatureBlock.SectorSize];
            Array.Copy(image, content.Length, sector, 0, existing * SignatureBlock.BlockSize);
        }
        else
        {
            int padded = (image.Length + SignatureBlock.SectorSize - 1) / SignatureBlock.SectorSize * SignatureBlock.SectorSize;
            content = new byte[padded];
            content.AsSpan().Fill(0xFF);
            Array.Copy(image, content, image.Length);
        }

        byte[] digest = SHA256.HashData(content);
        byte[] signature = key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        byte[] block = new byte[SignatureBlock.BlockSize];
        block[0] = SignatureBlock.Magic;
        block[1] = SignatureBlock.VersionRsa;
        Array.Copy(digest, 0, block, SignatureBlock.ImageDigestOffset, SignatureBlock.DigestLength);
        Array.Copy(PublicKeyBlock(key), 0, block, SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
        for (int i = 0; i < SignatureBlock.RsaLength; i++)
        {
            block[SignatureBlock.SignatureOffset + i] = signature[SignatureBlock.RsaLength - 1 - i];
        }

        WriteUInt32(block, SignatureBlock.CrcOffset, Crc32.Update(0, block, 0, SignatureBlock.CrcOffset));
        Array.Copy(block, 0, sector, existing * SignatureBlock.BlockSize, SignatureBlock.BlockSize);

        byte[] signed = new byte[content.Length + SignatureBlock.SectorSize];
        Array.Copy(content, signed, content.Length);
        Array.Copy(sector, 0, signed, content.Length, SignatureBlock.SectorSize);
        return signed;
    }

    /// <summary>Valid blocks at the start of the last sector, when the file is sector aligned (0 otherwise).</summary>
    public static int CountValidBlocks(byte[] file)
    {
        if (file.Length < 2 * SignatureBlock.SectorSize || file.Length % SignatureBlock.SectorSize != 0)
        {
            return 0;
        }

        int start = file.Length - SignatureBlock.SectorSize;
        int count = 0;
        while (count < SignatureBlock.MaxBlocks && SignatureBlock.IsValidRsaBlock(file, start + (count * SignatureBlock.BlockSize)))
        {
            count++;
        }

        return count;
    }

    private static void WriteLittleEndian(BigInteger value, byte[] destination, int offset, int length)
    {
        byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        if (bytes.Length > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        Array.Copy(bytes, 0, destination, offset, bytes.Length);
    }

    private static void WriteUInt32(byte[] destination, int offset, uint value)
    {
        destination[offset] = (byte)value;
        destination[offset + 1] = (byte)(value >> 8);
        destination[offset + 2] = (byte)(value >> 16);
        destination[offset + 3] = (byte)(value >> 24);
    }
}
