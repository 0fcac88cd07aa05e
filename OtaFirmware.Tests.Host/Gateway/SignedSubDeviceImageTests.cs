// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Host.Signing;
using OtaFirmware.SimulatedHardware.SubDevice;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>
/// Signed sub-device images with real ECDSA P-256 in imgtool's format: the gateway (its updater with the host
/// <see cref="EcdsaP256ImageVerifier"/>) uploads an image signed with the trusted key and the simulated MCUboot device,
/// built with the same key, boots it; every other image is refused before the first upload request, with the check's
/// reason, and the device keeps running its image.
/// </summary>
[TestClass]
public sealed class SignedSubDeviceImageTests
{
    private static ECDsa s_trusted = null!;
    private static ECDsa s_other = null!;

    [ClassInitialize]
    public static void MakeKeys(TestContext _)
    {
        s_trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        s_other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_trusted.Dispose();
        s_other.Dispose();
    }

    [TestMethod]
    public void Update_SignedWithTrustedKeyAndProtectedTlvs_UploadedAndBooted()
    {
        using Bench bench = new();
        byte[] image = Sign(Unsealed(1, 2, 3, withProtected: true), s_trusted);

        SubDeviceLinkResult uploaded = bench.Updater.Upload(new MemoryImage(image));
        Assert.AreEqual(SubDeviceLinkStatus.Ok, uploaded.Status, uploaded.ToString());
        SubDeviceLinkResult activated = bench.Updater.Activate(out string? running);

        Assert.AreEqual(SubDeviceLinkStatus.Ok, activated.Status, activated.ToString());
        Assert.AreEqual("1.2.3", running);
        Assert.AreEqual("1.2.3", bench.Device.RunningVersion);
    }

    [TestMethod]
    [DataRow("unsigned", "SignatureMissing", "not signed")]
    [DataRow("other key", "SignatureMissing", "another key")]
    [DataRow("header", "HashMismatch", "SHA-256 TLV")]
    [DataRow("payload", "HashMismatch", "SHA-256 TLV")]
    [DataRow("protected TLV", "HashMismatch", "protected")]
    [DataRow("signature", "SignatureInvalid", "trusted key")]
    [DataRow("signature length", "SignatureInvalid", "trusted key")]
    public void Upload_BadImage_RefusedBeforeAnyRequestDeviceKeepsItsImage(string attack, string status, string reason)
    {
        using Bench bench = new();
        byte[] unsealed = Unsealed(1, 2, 3, withProtected: true);
        byte[] image = attack switch
        {
            "unsigned" => McubootImage.Seal(unsealed, null, 0, null),
            "other key" => Sign(unsealed, s_other),
            _ => Sign(unsealed, s_trusted),
        };
        int signatureValue = attack == "unsigned" ? 0 : image.Length - SignatureLength(image);
        switch (attack)
        {
            case "header": image[20] ^= 0x01; break;             // ih_ver.iv_major
            case "payload": image[1000] ^= 0x80; break;
            case "protected TLV": image[unsealed.Length - 3] ^= 0x01; break; // inside the custom TLV's value
            case "signature": image[signatureValue + 10] ^= 0x01; break;     // inside r
            case "signature length": image[signatureValue + 1] ^= 0x01; break; // the DER SEQUENCE length
        }

        int requests = bench.Device.UploadRequests;
        SubDeviceLinkResult result = bench.Updater.Upload(new MemoryImage(image));

        Assert.AreEqual(SubDeviceLinkStatus.ImageRejected, result.Status, result.ToString());
        StringAssert.Contains(result.Detail, status);
        StringAssert.Contains(result.Detail, reason);
        Assert.AreEqual(0, bench.Updater.ChunksSent);
        Assert.AreEqual(requests, bench.Device.UploadRequests);
        Assert.IsNull(bench.Device.SecondaryVersion);
        Assert.AreEqual("1.0.0", bench.Device.RunningVersion);
        Assert.IsTrue(bench.Device.RunningConfirmed);
    }

    [TestMethod]
    public void Boot_ImageSignedWithOtherKeyWrittenPastTheGateway_DeviceBootloaderRefusesIt()
    {
        // A gateway without the key uploads an image signed with another key; the device's MCUboot (with the key)
        // refuses to swap to it and keeps running 1.0.0.
        using Bench bench = new(gatewayVerifies: false);
        byte[] image = Sign(Unsealed(1, 2, 3, withProtected: false), s_other);

        Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(new MemoryImage(image)).Status);
        SubDeviceLinkResult activated = bench.Updater.Activate(out string? running);

        Assert.AreEqual(SubDeviceLinkStatus.WrongImageRunning, activated.Status, activated.ToString());
        Assert.AreEqual("1.0.0", bench.Device.RunningVersion);
        Assert.AreEqual(1, bench.Device.ImagesRefusedAtBoot);
    }

    /// <summary>Header + body (+ imgtool's --security-counter and one --custom-tlv as protected TLVs).</summary>
    internal static byte[] Unsealed(int major, int minor, int revision, bool withProtected)
    {
        byte[] unsealed = McubootImage.BuildUnsealed(major, minor, revision, 0, 3000, 9);
        if (withProtected)
        {
            unsealed = McubootImage.AddProtectedTlv(unsealed, 0x50, [1, 0, 0, 0]);
            unsealed = McubootImage.AddProtectedTlv(unsealed, 0xa0, [0xde, 0xad, 0xbe, 0xef]);
        }

        return unsealed;
    }

    /// <summary>Seals as imgtool sign does with an ECDSA P-256 key: SHA-256, KEYHASH (SHA-256 of the DER
    /// SubjectPublicKeyInfo) and the DER signature over header + body + protected TLV area.</summary>
    internal static byte[] Sign(byte[] unsealed, ECDsa key)
    {
        byte[] signature = key.SignData(unsealed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return McubootImage.Seal(unsealed, SHA256.HashData(key.ExportSubjectPublicKeyInfo()), McubootFormat.TlvEcdsaSignature, signature);
    }

    // The signature TLV is the last one imgtool writes: its value ends the file.
    private static int SignatureLength(byte[] image)
    {
        for (int n = 8; n <= EcdsaP256ImageVerifier.MaxSignatureLength; n++)
        {
            int at = image.Length - n - 4;
            if (image[at] == McubootFormat.TlvEcdsaSignature && image[at + 1] == 0 && image[at + 2] == n && image[at + 3] == 0 && image[at + 4] == 0x30)
            {
                return n;
            }
        }

        throw new InvalidOperationException("no signature TLV at the end");
    }

    private sealed class Bench : IDisposable
    {
        public Bench(bool gatewayVerifies = true)
        {
            InMemorySerialPort.CreatePair(64 * 1024, out InMemorySerialPort gatewayEnd, out InMemorySerialPort deviceEnd);
            var clock = new HostClock();
            Key = new EcdsaP256ImageVerifier(s_trusted.ExportSubjectPublicKeyInfo());
            Device = new SimulatedSubDevice(deviceEnd, clock, new HostSha256(), Sign(Unsealed(1, 0, 0, withProtected: false), s_trusted), 64 * 1024, Key);
            Device.BootMilliseconds = 20;
            Link = new SmpSubDeviceLink(gatewayEnd, clock, 256, 300, 3);
            Updater = new SubDeviceUpdater(Link, 10, new McubootImageCheck(new HostSha256(), gatewayVerifies ? Key : null));
            Device.Start();
        }

        public EcdsaP256ImageVerifier Key { get; }

        public SimulatedSubDevice Device { get; }

        public SmpSubDeviceLink Link { get; }

        public SubDeviceUpdater Updater { get; }

        public void Dispose()
        {
            Device.Stop();
            Key.Dispose();
        }
    }
}
