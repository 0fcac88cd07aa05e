// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Host.Http;

namespace OtaFirmware.Tests.Host.Http;

[TestClass]
public sealed class ContentRangeParserTests
{
    [TestMethod]
    public void TryParse_Table_FieldsOrMinusOne()
    {
        (string? Value, bool Ok, int First, int Last, int Total)[] cases =
        [
            ("bytes 0-99/100", true, 0, 99, 100),
            ("bytes 100-199/*", true, 100, 199, -1),
            ("bytes */5000", true, -1, -1, 5000),
            ("  BYTES  5-5/6 ", true, 5, 5, 6),
            ("bytes 9-8/10", false, -1, -1, -1),
            ("bytes 0-99", false, -1, -1, -1),
            ("items 0-99/100", false, -1, -1, -1),
            ("bytes -5-9/10", false, -1, -1, -1),
            ("bytes 0-3000000000/3000000001", false, -1, -1, -1),
            ("bytes a-b/c", false, -1, -1, -1),
            ("", false, -1, -1, -1),
            (null, false, -1, -1, -1),
        ];
        foreach (var c in cases)
        {
            bool ok = ContentRangeParser.TryParse(c.Value, out int first, out int last, out int total);
            Assert.AreEqual(c.Ok, ok, c.Value);
            Assert.AreEqual(c.First, first, c.Value);
            Assert.AreEqual(c.Last, last, c.Value);
            Assert.AreEqual(c.Total, total, c.Value);
        }
    }
}
