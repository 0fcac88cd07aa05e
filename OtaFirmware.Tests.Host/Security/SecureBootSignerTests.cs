// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using OtaFirmware.Host.Signing;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Host.Security;

/// <summary>
/// The signer, the key digest and the device-side check with real RSA-3072 PSS, against an independent implementation
/// of espsecure.py's Secure Boot v2 commands (tools/espsecure-compat/sbv2.py on Debian's python3-cryptography):
/// what the project signs verifies there, what it signs verifies here, and both compute the same key digest.
/// </summary>
[TestClass]
public sealed class SecureBootSignerTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "tools", "espsecure-compat", "sbv2.py");
    private static RSA s_keyA = null!;
    private static RSA s_keyB = null!;
    private static string s_dir = null!;

    [ClassInitialize]
    public static void MakeKeys(TestContext _)
    {
        s_keyA = SecureBootSigner.GenerateKey();
        s_keyB = SecureBootSigner.GenerateKey();
        s_dir = Directory.CreateTempSubdirectory("otafw-sign-").FullName;
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_keyA.Dispose();
        s_keyB.Dispose();
        Directory.Delete(s_dir, recursive: true);
    }

    [TestMethod]
    public void Sign_ProjectSigned_IndependentVerifierAccepts()
    {
        string key = WriteKey(s_keyA, "a.pem");
        string signed = Path.Combine(s_dir, "project-signed.bin");
        File.WriteAllBytes(signed, SecureBootSigner.Sign(Image(100_000), s_keyA));

        (int code, string output) = Python("verify", key, signed);

        Assert.AreEqual(0, code, output);
    }

    [TestMethod]
    public void Sign_ProjectSignedWithOtherKey_IndependentVerifierRefuses()
    {
        string key = WriteKey(s_keyA, "a2.pem");
        string signed = Path.Combine(s_dir, "other-signed.bin");
        File.WriteAllBytes(signed, SecureBootSigner.Sign(Image(50_000), s_keyB));

        (int code, _) = Python("verify", key, signed);

        Assert.AreEqual(1, code);
    }

    [TestMethod]
    public void Check_IndependentlySignedImage_Ok()
    {
        string key = WriteKey(s_keyA, "a3.pem");
        string input = Path.Combine(s_dir, "plain.bin");
        string signed = Path.Combine(s_dir, "python-signed.bin");
        File.WriteAllBytes(input, Image(70_001));
        (int code, string output) = Python("sign", key, input, signed);
        Assert.AreEqual(0, code, output);
        byte[] file = File.ReadAllBytes(signed);

        SignatureResult result = DeviceCheck(s_keyA).Check(new ArraySlot(file), file.Length, new byte[4096]);

        Assert.AreEqual(SignatureStatus.Ok, result.Status, result.Detail);
    }

    [TestMethod]
    public void KeyDigest_EqualsIndependentDigest()
    {
        string key = WriteKey(s_keyA, "a4.pem");
        string digestFile = Path.Combine(s_dir, "digest.bin");

        (int code, string output) = Python("digest", key, digestFile);

        Assert.AreEqual(0, code, output);
        CollectionAssert.AreEqual(File.ReadAllBytes(digestFile), SecureBootSigner.KeyDigest(s_keyA));
    }

    [TestMethod]
    public void Sign_AlreadySigned_AppendsSecondBlockAndBothVerify()
    {
        byte[] once = SecureBootSigner.Sign(Image(20_000), s_keyA);
        byte[] twice = SecureBootSigner.Sign(once, s_keyB);

        Assert.AreEqual(once.Length, twice.Length);
        Assert.AreEqual(2, SecureBootSigner.CountValidBlocks(twice));
        Assert.AreEqual(SignatureStatus.Ok, DeviceCheck(s_keyA).Check(new ArraySlot(twice), twice.Length, new byte[4096]).Status);
        Assert.AreEqual(SignatureStatus.Ok, DeviceCheck(s_keyB).Check(new ArraySlot(twice), twice.Length, new byte[4096]).Status);
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void WritePrivateKey_OwnerOnlyAndReadable()
    {
        string path = WriteKey(s_keyA, "mode.pem");

        Assert.IsFalse(OperatingSystem.IsWindows(), "the host tests run on Linux");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using RSA back = SecureBootSigner.ReadPrivateKey(path);
        CollectionAssert.AreEqual(SecureBootSigner.KeyDigest(s_keyA), SecureBootSigner.KeyDigest(back));
    }

    /// <summary>Each attack on a signed image, checked with real RSA: refused with the named reason.</summary>
    [TestMethod]
    [DataRow("unsigned", SignatureStatus.NotSigned)]
    [DataRow("other key", SignatureStatus.UntrustedKey)]
    [DataRow("flipped header byte", SignatureStatus.DigestMismatch)]
    [DataRow("flipped body byte", SignatureStatus.DigestMismatch)]
    [DataRow("flipped signature byte", SignatureStatus.NotSigned)]
    [DataRow("flipped signature byte, CRC fixed", SignatureStatus.BadSignature)]
    [DataRow("trusted key pasted over another key's block, CRC fixed", SignatureStatus.BadSignature)]
    [DataRow("signature sector truncated", SignatureStatus.BadLength)]
    [DataRow("signature sector cut to one block", SignatureStatus.BadLength)]
    public void Check_AttackedImage_Refused(string attack, SignatureStatus expected)
    {
        byte[] image = Image(40_000);
        byte[] file = SecureBootSigner.Sign(image, attack == "other key" ? s_keyB : s_keyA);
        int block = file.Length - SignatureBlock.SectorSize;
        switch (attack)
        {
            case "unsigned":
                file.AsSpan(block).Fill(0xFF);
                break;
            case "flipped header byte":
                file[1] ^= 0x01;
                break;
            case "flipped body byte":
                file[30_000] ^= 0x40;
                break;
            case "flipped signature byte":
                file[block + SignatureBlock.SignatureOffset + 5] ^= 0x01;
                break;
            case "flipped signature byte, CRC fixed":
                file[block + SignatureBlock.SignatureOffset + 5] ^= 0x01;
                FixCrc(file, block);
                break;
            case "trusted key pasted over another key's block, CRC fixed":
                file = SecureBootSigner.Sign(image, s_keyB);
                Array.Copy(SecureBootSigner.PublicKeyBlock(s_keyA), 0, file, block + SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
                FixCrc(file, block);
                break;
            case "signature sector truncated":
                file = file[..^1];
                break;
            case "signature sector cut to one block":
                file = file[..(block + SignatureBlock.BlockSize)];
                break;
        }

        SignatureResult result = DeviceCheck(s_keyA).Check(new ArraySlot(file), file.Length, new byte[4096]);

        Assert.AreEqual(expected, result.Status, attack + ": " + result.Detail);
    }

    [TestMethod]
    public void Verify_MalformedKeyInBlock_FalseNotException()
    {
        byte[] file = SecureBootSigner.Sign(Image(9_000), s_keyA);
        int block = file.Length - SignatureBlock.SectorSize;
        file.AsSpan(block + SignatureBlock.ModulusOffset, SignatureBlock.RsaLength).Clear();
        byte[] digest = file.AsSpan(block + SignatureBlock.ImageDigestOffset, 32).ToArray();

        Assert.IsFalse(new RsaPssVerifier().Verify(file, block, digest, 0));
    }

    private static ImageSignatureCheck DeviceCheck(RSA trusted)
    {
        return new ImageSignatureCheck(new RsaPssVerifier(), new Sha256(), SecureBootSigner.KeyDigest(trusted));
    }

    private static void FixCrc(byte[] file, int block)
    {
        uint crc = Crc32.Update(0, file, block, SignatureBlock.CrcOffset);
        BitConverter.TryWriteBytes(file.AsSpan(block + SignatureBlock.CrcOffset, 4), crc);
    }

    private static byte[] Image(int length)
    {
        byte[] image = new byte[length];
        new Random(length).NextBytes(image);
        image[0] = 0xE9;
        return image;
    }

    private static string WriteKey(RSA key, string name)
    {
        string path = Path.Combine(s_dir, name);
        if (!File.Exists(path))
        {
            SecureBootSigner.WritePrivateKey(key, path);
        }

        return path;
    }

    private static (int Code, string Output) Python(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "OtaFirmware.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>The inactive slot as a byte array (reads only): what the check reads the image back from.</summary>
    private sealed class ArraySlot(byte[] bytes) : IFirmwareSlot
    {
        public int Capacity => bytes.Length;

        public int EraseBlockSize => 4096;

        public int WriteAlignment => 16;

        public ImageState RunningState => ImageState.Valid;

        public string RunningVersion => "1.0.0";

        public int RunningSlot => 0;

        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (offset < 0 || count < 0 || offset > bytes.Length - count)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            Array.Copy(bytes, offset, buffer, bufferOffset, count);
            return FlashResult.Ok;
        }

        public FlashResult EraseBlock(int offset) => throw new NotSupportedException();

        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count) => throw new NotSupportedException();

        public FlashResult Activate(int imageSize) => throw new NotSupportedException();

        public FlashResult MarkRunningValid() => throw new NotSupportedException();

        public FlashResult MarkRunningInvalid() => throw new NotSupportedException();

        public void Reboot() => throw new NotSupportedException();
    }
}
