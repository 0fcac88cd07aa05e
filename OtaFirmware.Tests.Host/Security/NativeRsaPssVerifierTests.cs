// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using OtaFirmware.Host.Signing;
using OtaFirmware.Security;
using OtaFirmware.Tests.Host.Integrity.Native;

namespace OtaFirmware.Tests.Host.Security;

/// <summary>
/// The device's native RSA-PSS check (OtaFirmware.Esp32Ota/native/otafw_sbv2_verify.c, mbedtls) compiled with the host
/// compiler against Debian's libmbedtls-dev and called beside the managed twin: both accept what the signer signs and
/// refuse the same tampered blocks.
/// </summary>
[TestClass]
public sealed unsafe class NativeRsaPssVerifierTests
{
    private static IntPtr s_library;
    private static delegate* unmanaged<byte*, byte*, int> s_verify;
    private static RSA s_key = null!;

    [ClassInitialize]
    public static void Build(TestContext _)
    {
        s_library = NativeSourceBuild.Load("otafw_sbv2_verify.c", "-lmbedcrypto");
        s_verify = (delegate* unmanaged<byte*, byte*, int>)NativeLibrary.GetExport(s_library, "otafw_sbv2_verify_block");
        s_key = SecureBootSigner.GenerateKey();
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_key.Dispose();
        NativeLibrary.Free(s_library);
    }

    [TestMethod]
    [DataRow("as signed", true)]
    [DataRow("signature byte flipped", false)]
    [DataRow("digest byte flipped", false)]
    [DataRow("modulus byte flipped", false)]
    [DataRow("exponent changed", false)]
    [DataRow("modulus zeroed", false)]
    public void Verify_NativeAndManaged_Agree(string variant, bool expected)
    {
        byte[] file = SecureBootSigner.Sign(RandomBytes(30_000), s_key);
        int block = file.Length - SignatureBlock.SectorSize;
        byte[] digest = file.AsSpan(block + SignatureBlock.ImageDigestOffset, 32).ToArray();
        switch (variant)
        {
            case "signature byte flipped": file[block + SignatureBlock.SignatureOffset + 100] ^= 1; break;
            case "digest byte flipped": digest[0] ^= 1; break;
            case "modulus byte flipped": file[block + SignatureBlock.ModulusOffset + 7] ^= 1; break;
            case "exponent changed": file[block + SignatureBlock.ExponentOffset] = 3; break;
            case "modulus zeroed": file.AsSpan(block + SignatureBlock.ModulusOffset, SignatureBlock.RsaLength).Clear(); break;
        }

        bool managed = new RsaPssVerifier().Verify(file, block, digest, 0);
        int native = Native(file.AsSpan(block, SignatureBlock.BlockSize).ToArray(), digest);

        Assert.AreEqual(expected, managed, "managed: " + variant);
        Assert.AreEqual(expected, native == 0, "native returned " + native + ": " + variant);
    }

    [TestMethod]
    public void Verify_ManyKeysAndImages_NativeAcceptsEverySignature()
    {
        for (int i = 0; i < 5; i++)
        {
            byte[] file = SecureBootSigner.Sign(RandomBytes(4096 * (i + 1) + i), s_key);
            int block = file.Length - SignatureBlock.SectorSize;
            byte[] digest = file.AsSpan(block + SignatureBlock.ImageDigestOffset, 32).ToArray();

            Assert.AreEqual(0, Native(file.AsSpan(block, SignatureBlock.BlockSize).ToArray(), digest), "image " + i);
        }
    }

    [TestMethod]
    public void Verify_NullArguments_BadArgumentNotCrash()
    {
        Assert.AreEqual(-1, s_verify(null, null));
    }

    private static int Native(byte[] block, byte[] digest)
    {
        fixed (byte* b = block)
        fixed (byte* d = digest)
        {
            return s_verify(b, d);
        }
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
