// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware.SubDevice
{
    [TestClass]
    public class McubootImageTests
    {
        [TestMethod]
        public void Build_Header_LittleEndianMagicSizeAndVersion()
        {
            byte[] image = McubootImage.Build(1, 2, 0x0304, 0, 100, 5);
            Assert.AreEqual(132, image.Length);
            Assert.AreEqual("3db8f396", HexText.From(image, 0, 4));
            Assert.AreEqual("64000000", HexText.From(image, 12, 4));
            string version;
            Assert.IsTrue(McubootImage.TryReadVersion(image, 0, image.Length, out version));
            Assert.AreEqual("1.2.772", version);
            Assert.IsTrue(McubootImage.TryReadVersion(McubootImage.Build(3, 0, 1, 42, 0, 0), 0, 32, out version));
            Assert.AreEqual("3.0.1.42", version);
        }

        [TestMethod]
        public void TryReadVersion_NoMagicOrShort_False()
        {
            byte[] image = McubootImage.Build(1, 0, 0, 0, 10, 1);
            string version;
            Assert.IsFalse(McubootImage.TryReadVersion(image, 0, 31, out version));
            image[0] ^= 1;
            Assert.IsFalse(McubootImage.TryReadVersion(image, 0, image.Length, out version));
            Assert.IsNull(version);
        }
    }
}
