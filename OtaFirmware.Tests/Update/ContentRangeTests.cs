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
    public class ContentRangeTests
    {
        // header, first, last, total
        private static readonly string[] ValidHeaders =
        {
            "bytes 0-4095/1048576",
            "bytes 4096-8191/*",
            "bytes */1048576",
            "BYTES 10-10/11",
            "  bytes   7-9 / 20 ",
            "bytes 0-2147483646/2147483647",
            "  BYTES  5-5/6 ",
        };

        private static readonly int[] ValidValues =
        {
            0, 4095, 1048576,
            4096, 8191, -1,
            -1, -1, 1048576,
            10, 10, 11,
            7, 9, 20,
            0, 2147483646, 2147483647,
            5, 5, 6,
        };

        private static readonly string[] InvalidHeaders =
        {
            TableCell.Null,
            "",
            "bytes",
            "items 0-1/2",
            "bytes0-1/2",
            "bytes 0-1",
            "bytes 5-4/10",
            "bytes 0-10/10",
            "bytes -1-5/10",
            "bytes 0-/10",
            "bytes */*",
            "bytes 0-1/x",
            "bytes 0-2147483648/2147483649",
            "bytes 0-1/99999999999",
            "bytes 1+2-3/4",
            "bytes a-b/c",
        };

        [TestMethod]
        public void TryParse_WellFormedHeaders_ReturnsTheNumbers()
        {
            for (int i = 0; i < ValidHeaders.Length; i++)
            {
                int first;
                int last;
                int total;
                Assert.IsTrue(ContentRange.TryParse(ValidHeaders[i], out first, out last, out total), ValidHeaders[i]);
                Assert.AreEqual(ValidValues[i * 3], first, ValidHeaders[i]);
                Assert.AreEqual(ValidValues[(i * 3) + 1], last, ValidHeaders[i]);
                Assert.AreEqual(ValidValues[(i * 3) + 2], total, ValidHeaders[i]);
            }
        }

        [TestMethod]
        public void TryParse_MalformedHeaders_FalseAndAllMinusOne()
        {
            for (int i = 0; i < InvalidHeaders.Length; i++)
            {
                int first;
                int last;
                int total;
                string header = TableCell.Value(InvalidHeaders[i]);
                Assert.IsFalse(ContentRange.TryParse(header, out first, out last, out total), header == null ? "null" : header);
                Assert.AreEqual(-1, first);
                Assert.AreEqual(-1, last);
                Assert.AreEqual(-1, total);
            }
        }

        [TestMethod]
        public void Apply_ValidHeader_FillsFactsAndKeepsStatus()
        {
            HttpFacts facts = new HttpFacts();
            facts.Reset();
            facts.StatusCode = 206;
            facts.ContentLength = 4096;
            Assert.IsTrue(ContentRange.Apply("bytes 4096-8191/65536", ref facts));
            Assert.AreEqual(206, facts.StatusCode);
            Assert.AreEqual(4096, facts.ContentLength);
            Assert.AreEqual(4096, facts.RangeFirst);
            Assert.AreEqual(8191, facts.RangeLast);
            Assert.AreEqual(65536, facts.TotalLength);
        }

        [TestMethod]
        public void Apply_MissingHeader_LeavesRangeUnknown()
        {
            HttpFacts facts = new HttpFacts();
            facts.Reset();
            facts.RangeFirst = 5;
            Assert.IsFalse(ContentRange.Apply(null, ref facts));
            Assert.AreEqual(-1, facts.RangeFirst);
            Assert.AreEqual(-1, facts.RangeLast);
            Assert.AreEqual(-1, facts.TotalLength);
        }
    }
}
