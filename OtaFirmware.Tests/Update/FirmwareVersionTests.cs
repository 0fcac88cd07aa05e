// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    [TestClass]
    public class FirmwareVersionTests
    {
        // older, newer: every row is a strict order, checked both ways.
        private static readonly string[] Ascending = new string[]
        {
            "0.9.0", "1.0.0",
            "1.0.0", "1.1.0",
            "1.9.0", "1.10.0",
            "1.0.0-rc1", "1.0.0",
            "1.0.0-alpha", "1.0.0-beta",
            "v1.2.3", "1.2.4",
            "1.2", "1.2.1",
            "1.2.3", "1.2.3.1",
            "2", "10",
        };

        // equal pairs
        private static readonly string[] Equal = new string[]
        {
            "1.2", "1.2.0",
            "v1.2.3", "1.2.3",
            "1.2.3+build7", "1.2.3",
            "1.2.3+a", "1.2.3+b",
        };

        // strings that cannot be ordered (each compared with "1.0.0")
        private static readonly string[] Unordered = new string[]
        {
            "", "abc", "1..2", "1.2.", ".1", "1.2.3.4.5", "1.2-", "1.2+", "1.2 ", "99999999999.0", "1.0.0-rc1+",
            "0123456789012345678901234567890123",
        };

        [TestMethod]
        public void Compare_OlderAndNewer_OrderedBothWays()
        {
            for (int i = 0; i < Ascending.Length; i += 2)
            {
                bool ordered;
                Assert.AreEqual(-1, FirmwareVersion.Compare(Ascending[i], Ascending[i + 1], out ordered), Ascending[i] + " < " + Ascending[i + 1]);
                Assert.IsTrue(ordered, Ascending[i]);
                Assert.AreEqual(1, FirmwareVersion.Compare(Ascending[i + 1], Ascending[i], out ordered), Ascending[i + 1] + " > " + Ascending[i]);
            }
        }

        [TestMethod]
        public void Compare_EquivalentSpellings_Equal()
        {
            for (int i = 0; i < Equal.Length; i += 2)
            {
                bool ordered;
                Assert.AreEqual(0, FirmwareVersion.Compare(Equal[i], Equal[i + 1], out ordered), Equal[i] + " == " + Equal[i + 1]);
                Assert.IsTrue(ordered, Equal[i]);
            }
        }

        [TestMethod]
        public void Compare_NotAVersion_Unordered()
        {
            for (int i = 0; i < Unordered.Length; i++)
            {
                bool ordered;
                Assert.AreEqual(0, FirmwareVersion.Compare(Unordered[i], "1.0.0", out ordered), "'" + Unordered[i] + "'");
                Assert.IsFalse(ordered, "'" + Unordered[i] + "'");
            }
        }

        [TestMethod]
        public void Compare_Null_Unordered()
        {
            bool ordered;
            FirmwareVersion.Compare(null, "1.0.0", out ordered);
            Assert.IsFalse(ordered);
        }
    }
}
