// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests
{
    /// <summary>The assertions MSTest and nanoFramework.TestFramework spell differently, wrapped once for both.</summary>
    public static class TestAssert
    {
        /// <summary>Asserts that <paramref name="action"/> throws an exception of exactly <paramref name="exceptionType"/>.</summary>
        public static void Throws(Type exceptionType, Action action)
        {
#if NANOFRAMEWORK_1_0
            Assert.ThrowsException(exceptionType, action);
#else
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Assert.AreEqual(exceptionType, ex.GetType(), "wrong exception type: " + ex.ToString());
                return;
            }

            Assert.Fail("expected " + exceptionType.Name + " but nothing was thrown");
#endif
        }
    }
}
