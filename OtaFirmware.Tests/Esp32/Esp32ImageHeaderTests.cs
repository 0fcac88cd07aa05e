// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Esp32
{
    [TestClass]
    public class Esp32ImageHeaderTests
    {
        [TestMethod]
        public void Parse_BuiltImage_ReadsVersionChipAndProject()
        {
            byte[] image = Esp32ImageBuilder.Build("1.12.0.345", "nanoCLR", Esp32ImageHeader.ChipEsp32S3, 4096, 1);

            Esp32ImageHeader header = Esp32ImageHeader.Parse(image, 0, image.Length);

            Assert.IsTrue(header.IsOk, header.Detail);
            Assert.AreEqual("1.12.0.345", header.Version);
            Assert.AreEqual("nanoCLR", header.ProjectName);
            Assert.AreEqual(Esp32ImageHeader.ChipEsp32S3, header.ChipId);
            Assert.AreEqual(3, header.SegmentCount);
            Assert.IsTrue(header.HashAppended);
            Assert.AreEqual(0u, header.SecureVersion);
        }

        [TestMethod]
        public void Parse_HandWrittenHeader_ReadsFieldsAtEspIdfOffsets()
        {
            byte[] bytes = new byte[100];
            bytes[0] = 0xE9;
            bytes[1] = 4;
            bytes[12] = 0x09;
            bytes[23] = 0;
            bytes[32] = 0x32;
            bytes[33] = 0x54;
            bytes[34] = 0xCD;
            bytes[35] = 0xAB;
            bytes[36] = 7;
            for (int i = 0; i < 32; i++)
            {
                bytes[48 + i] = (byte)'v';
            }

            Esp32ImageHeader header = Esp32ImageHeader.Parse(bytes, 0, 100);

            Assert.IsTrue(header.IsOk);
            Assert.AreEqual(4, header.SegmentCount);
            Assert.AreEqual(9, header.ChipId);
            Assert.IsFalse(header.HashAppended);
            Assert.AreEqual(7u, header.SecureVersion);
            Assert.AreEqual(32, header.Version.Length, "an unterminated version stops at 32 bytes");
            Assert.AreEqual(string.Empty, header.ProjectName, "fewer than 112 bytes: no project name");
        }

        [TestMethod]
        public void Parse_NotAnImage_ReportsReason()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 2);

            Assert.AreEqual((int)Esp32ImageStatus.TooShort, (int)Esp32ImageHeader.Parse(image, 0, 79).Status);

            byte[] badMagic = (byte[])image.Clone();
            badMagic[0] = 0xEA;
            Assert.AreEqual((int)Esp32ImageStatus.BadMagic, (int)Esp32ImageHeader.Parse(badMagic, 0, 80).Status);

            byte[] noSegments = (byte[])image.Clone();
            noSegments[1] = 0;
            Assert.AreEqual((int)Esp32ImageStatus.BadSegmentCount, (int)Esp32ImageHeader.Parse(noSegments, 0, 80).Status);
            noSegments[1] = 17;
            Assert.AreEqual((int)Esp32ImageStatus.BadSegmentCount, (int)Esp32ImageHeader.Parse(noSegments, 0, 80).Status);

            byte[] noDescriptor = (byte[])image.Clone();
            noDescriptor[33] = 0;
            Esp32ImageHeader header = Esp32ImageHeader.Parse(noDescriptor, 0, 80);
            Assert.AreEqual((int)Esp32ImageStatus.NoAppDescriptor, (int)header.Status);
            Assert.AreEqual(string.Empty, header.Version);
        }

        [TestMethod]
        public void Parse_AtOffset_ReadsFromThere()
        {
            byte[] image = Esp32ImageBuilder.Build("2.0.1", "proj", Esp32ImageHeader.ChipEsp32, 1024, 3);
            byte[] shifted = new byte[image.Length + 10];
            System.Array.Copy(image, 0, shifted, 10, image.Length);

            Assert.AreEqual("2.0.1", Esp32ImageHeader.Parse(shifted, 10, 120).Version);
        }
    }
}
