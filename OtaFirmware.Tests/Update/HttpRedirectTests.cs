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
    public class HttpRedirectTests
    {
        // request URL, Location, expected
        private static readonly string[] Cases =
        {
            "https://a.example/fw/app.bin?sig=1", "https://cdn.example/x.bin", "https://cdn.example/x.bin",
            "http://a.example/fw/app.bin?sig=1", "HTTP://cdn.example/x.bin", "HTTP://cdn.example/x.bin",
            "http://a.example/fw/app.bin", "https://cdn.example/x.bin", "https://cdn.example/x.bin",
            "https://a.example/fw/app.bin?sig=1", "//cdn.example/x.bin", "https://cdn.example/x.bin",
            "http://a.example:8080/fw/app.bin", "/other/y.bin?t=2", "http://a.example:8080/other/y.bin?t=2",
            "https://a.example/fw/app.bin?sig=1#f", "v2/app.bin", "https://a.example/fw/v2/app.bin",
            "https://a.example", "app.bin", "https://a.example/app.bin",
            "https://a.example/fw/app.bin", "  /x.bin  ", "https://a.example/x.bin",
        };

        private static readonly string[] Unresolvable =
        {
            "https://a.example/fw/app.bin", TableCell.Null,
            "https://a.example/fw/app.bin", "   ",
            "https://a.example/fw/app.bin", "ftp://files.example/app.bin",
            "https://a.example/fw/app.bin", "http://cdn.example/x.bin",
            "HTTPS://a.example/fw/app.bin", "HTTP://cdn.example/x.bin",
            "ftp://files.example/app.bin", "/x.bin",
            TableCell.Null, "/x.bin",
        };

        [TestMethod]
        public void Resolve_AbsoluteAndRelativeLocations_AbsoluteUrl()
        {
            for (int i = 0; i < Cases.Length; i += 3)
            {
                Assert.AreEqual(Cases[i + 2], HttpRedirect.Resolve(Cases[i], Cases[i + 1]), Cases[i + 1]);
            }
        }

        [TestMethod]
        public void Resolve_EmptyOtherSchemeOrBadBase_Null()
        {
            for (int i = 0; i < Unresolvable.Length; i += 2)
            {
                Assert.IsNull(HttpRedirect.Resolve(TableCell.Value(Unresolvable[i]), TableCell.Value(Unresolvable[i + 1])));
            }
        }

        [TestMethod]
        public void IsRedirect_OnlyRedirectStatuses_True()
        {
            int[] redirects = { 301, 302, 303, 307, 308 };
            int[] others = { 200, 206, 300, 304, 305, 306, 400, 403, 404, 416, 500 };
            for (int i = 0; i < redirects.Length; i++)
            {
                Assert.IsTrue(HttpRedirect.IsRedirect(redirects[i]));
            }

            for (int i = 0; i < others.Length; i++)
            {
                Assert.IsFalse(HttpRedirect.IsRedirect(others[i]));
            }
        }
    }
}
