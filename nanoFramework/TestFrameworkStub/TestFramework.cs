// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// STUB of nanoFramework.TestFramework 3.0.80 (see TestFrameworkStub.csproj): declarations only.
#pragma warning disable CS1591

using System;
using System.Collections;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class SetupAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters) { MethodParameters = methodParameters; }

        public object[] MethodParameters { get; }
    }

    public sealed class Assert
    {
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") { }
        public static void AreNotEqual(DateTime notExpected, DateTime actual, string message = "") { }
        public static void AreEqual(bool expected, bool actual, string message = "") { }
        public static void AreNotEqual(bool notExpected, bool actual, string message = "") { }
        public static void AreEqual(byte expected, byte actual, string message = "") { }
        public static void AreNotEqual(byte notExpected, byte actual, string message = "") { }
        public static void AreEqual(char expected, char actual, string message = "") { }
        public static void AreNotEqual(char notExpected, char actual, string message = "") { }
        public static void AreEqual(double expected, double actual, string message = "") { }
        public static void AreNotEqual(double notExpected, double actual, string message = "") { }
        public static void AreEqual(float expected, float actual, string message = "") { }
        public static void AreNotEqual(float notExpected, float actual, string message = "") { }
        public static void AreEqual(int expected, int actual, string message = "") { }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { }
        public static void AreEqual(long expected, long actual, string message = "") { }
        public static void AreNotEqual(long notExpected, long actual, string message = "") { }
        public static void AreEqual(object expected, object actual, string message = "") { }
        public static void AreNotEqual(object notExpected, object actual, string message = "") { }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { }
        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "") { }
        public static void AreEqual(short expected, short actual, string message = "") { }
        public static void AreNotEqual(short notExpected, short actual, string message = "") { }
        public static void AreEqual(string expected, string actual, string message = "") { }
        public static void AreNotEqual(string notExpected, string actual, string message = "") { }
        public static void AreEqual(uint expected, uint actual, string message = "") { }
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { }
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "") { }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { }
        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "") { }
        public static void IsTrue(bool condition, string message = "") { }

        public static void IsFalse(bool condition, string message = "") { }

        public static void IsNull(object value, string message = "") { }

        public static void IsNotNull(object value, string message = "") { }

        public static void AreSame(object expected, object actual, string message = "") { }

        public static void AreNotSame(object notExpected, object actual, string message = "") { }

        public static void IsInstanceOfType(object value, Type expectedType, string message = "") { }

        public static void Contains(string expected, string value, string message = "") { }

        public static void ThrowsException(Type exceptionType, Action action, string message = "") { }

        public static void SkipTest(string message = "") { }
    }

    public sealed class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") { }

        public static void Empty(ICollection collection, string message = "") { }

        public static void NotEmpty(ICollection collection, string message = "") { }
    }

    public static class OutputHelper
    {
        public static void Write(string message) { }

        public static void WriteLine(string message) { }
    }
}
