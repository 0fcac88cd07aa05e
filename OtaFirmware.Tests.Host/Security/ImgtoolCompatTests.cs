// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Host.Signing;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Tests.Host.Gateway;

namespace OtaFirmware.Tests.Host.Security;

/// <summary>
/// The project's MCUboot image builder and host ECDSA verifier against an independent implementation of imgtool's
/// sign and verify (tools/imgtool-compat/imgtool_compat.py on Debian's python3-cryptography, written from imgtool's
/// image.py and keys/ecdsa.py): images the project signs verify there, images signed there verify here, and both
/// compute the same KEYHASH. Skipped (inconclusive) when python3 or its cryptography package is missing.
/// </summary>
[TestClass]
public sealed class ImgtoolCompatTests
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "tools", "imgtool-compat", "imgtool_compat.py");
    private static string s_dir = null!;
    private static ECDsa s_key = null!;
    private static string s_keyPath = null!;

    [ClassInitialize]
    public static void MakeKey(TestContext _)
    {
        s_dir = Directory.CreateTempSubdirectory("otafw-imgtool-").FullName;
        s_key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        s_keyPath = Path.Combine(s_dir, "key.pem");
        File.WriteAllText(s_keyPath, s_key.ExportPkcs8PrivateKeyPem());
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_key.Dispose();
        Directory.Delete(s_dir, recursive: true);
    }

    [TestMethod]
    public void KeyHash_SameAsImgtoolCompat()
    {
        (int code, string output) = Python("keyhash", s_keyPath);

        Assert.AreEqual(0, code, output);
        using var verifier = new EcdsaP256ImageVerifier(s_key.ExportSubjectPublicKeyInfo());
        Assert.AreEqual(Convert.ToHexStringLower(verifier.KeyHash), output.Trim());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Sign_ProjectSigned_ImgtoolCompatVerifies(bool withProtected)
    {
        string path = Path.Combine(s_dir, "project-" + withProtected + ".bin");
        File.WriteAllBytes(path, SignedSubDeviceImageTests.Sign(SignedSubDeviceImageTests.Unsealed(2, 0, 1, withProtected), s_key));

        (int code, string output) = Python("verify", s_keyPath, path);

        Assert.AreEqual(0, code, output);
    }

    [TestMethod]
    public void Sign_ProjectSignedThenFlipped_ImgtoolCompatRefuses()
    {
        byte[] unsealed = SignedSubDeviceImageTests.Unsealed(2, 0, 1, withProtected: true);
        byte[] image = SignedSubDeviceImageTests.Sign(unsealed, s_key);
        image[unsealed.Length - 1] ^= 1; // the protected custom TLV
        string path = Path.Combine(s_dir, "project-flipped.bin");
        File.WriteAllBytes(path, image);

        (int code, string output) = Python("verify", s_keyPath, path);

        Assert.AreEqual(1, code);
        StringAssert.Contains(output, "INVALID_HASH");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Check_ImgtoolCompatSigned_OkWithTrustedKeyRefusedWithOther(bool withProtected)
    {
        string body = Path.Combine(s_dir, "body.bin");
        byte[] payload = new byte[5000];
        new Random(5).NextBytes(payload);
        File.WriteAllBytes(body, payload);
        string signed = Path.Combine(s_dir, "compat-" + withProtected + ".bin");
        List<string> arguments = ["sign", "--key", s_keyPath, "--version", "1.4.2+7", "--pad-header"];
        if (withProtected)
        {
            arguments.AddRange(["--security-counter", "3", "--custom-tlv", "0xa0", "0102030405"]);
        }

        arguments.AddRange([body, signed]);
        (int code, string output) = Python([.. arguments]);
        Assert.AreEqual(0, code, output);
        byte[] image = File.ReadAllBytes(signed);

        using var trusted = new EcdsaP256ImageVerifier(s_key.ExportSubjectPublicKeyInfo());
        McubootCheckResult result = new McubootImageCheck(new HostSha256(), trusted).Check(new MemoryImage(image));
        Assert.AreEqual(McubootCheckStatus.Ok, result.Status, result.Detail);
        Assert.AreEqual("1.4.2.7", result.Version);
        Assert.AreEqual(withProtected ? 4 + 8 + 9 : 0, image[10] | (image[11] << 8));

        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var untrusted = new EcdsaP256ImageVerifier(other.ExportSubjectPublicKeyInfo());
        Assert.AreEqual(McubootCheckStatus.SignatureMissing, new McubootImageCheck(new HostSha256(), untrusted).Check(new MemoryImage(image)).Status);

        // And the layout is the builder's: the same header, body and protected TLVs sealed by the project give the same hash.
        byte[] unsealed = McubootImage.BuildUnsealed(1, 4, 2, 7, 0, 0);
        byte[] ours = new byte[unsealed.Length + payload.Length];
        Array.Copy(unsealed, ours, unsealed.Length);
        Array.Copy(payload, 0, ours, unsealed.Length, payload.Length);
        ours[12] = (byte)payload.Length;
        ours[13] = (byte)(payload.Length >> 8);
        if (withProtected)
        {
            ours = McubootImage.AddProtectedTlv(McubootImage.AddProtectedTlv(ours, 0x50, [3, 0, 0, 0]), 0xa0, [1, 2, 3, 4, 5]);
        }

        CollectionAssert.AreEqual(McubootImage.HashOf(ours), result.Hash);
    }

    private static (int Code, string Output) Python(params string[] arguments)
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Inconclusive("python3 is not installed (tools/install-host-deps.sh installs it with python3-cryptography)");
        }

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && output.Contains("No module named 'cryptography'", StringComparison.Ordinal))
        {
            Assert.Inconclusive("python3-cryptography is not installed (apt-get install python3-cryptography, or tools/install-host-deps.sh)");
        }

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
}
