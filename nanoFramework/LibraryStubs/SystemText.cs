// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// STUB of nanoFramework.System.Text 1.3.42 (namespace System.Text): declarations only, for compiling against the real
// mscorlib. Signatures from nanoframework/System.Text Text/Encoding.cs, Text/UTF8Encoding.cs, Text/Decoder.cs and
// Text/StringBuilder.cs. Note what is absent there: one-argument GetString(byte[]), AppendFormat, AppendJoin.
#pragma warning disable CS1591

namespace System.Text
{
    public abstract class Decoder
    {
        public abstract void Convert(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, int charCount, bool flush, out int bytesUsed, out int charsUsed, out bool completed);
    }

    public abstract class Encoding
    {
        public static Encoding UTF8 { get { throw new NotSupportedException(); } }

        public abstract byte[] GetBytes(string s);

        public abstract int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex);

        public abstract char[] GetChars(byte[] bytes);

        public abstract char[] GetChars(byte[] bytes, int byteIndex, int byteCount);

        public virtual string GetString(byte[] bytes, int index, int count) { throw new NotSupportedException(); }

        public abstract Decoder GetDecoder();
    }

    public class UTF8Encoding : Encoding
    {
        public UTF8Encoding() { }

        public override byte[] GetBytes(string s) { throw new NotSupportedException(); }

        public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) { throw new NotSupportedException(); }

        public override char[] GetChars(byte[] bytes) { throw new NotSupportedException(); }

        public override char[] GetChars(byte[] bytes, int byteIndex, int byteCount) { throw new NotSupportedException(); }

        public override Decoder GetDecoder() { throw new NotSupportedException(); }
    }

    public sealed class StringBuilder
    {
        public StringBuilder() { }

        public StringBuilder(int capacity) { }

        public StringBuilder(string value) { }

        public StringBuilder(string value, int capacity) { }

        public StringBuilder(int capacity, int maxCapacity) { }

        public StringBuilder(string value, int startIndex, int length, int capacity) { }

        public int Length { get { return 0; } set { } }

        public int Capacity { get { return 0; } set { } }

        public int MaxCapacity { get { return 0; } }

        public char this[int index] { get { return '\0'; } set { } }

        public StringBuilder Clear() { return this; }

        public StringBuilder Append(bool value) { return this; }

        public StringBuilder Append(byte value) { return this; }

        public StringBuilder Append(char value) { return this; }

        public StringBuilder Append(double value) { return this; }

        public StringBuilder Append(short value) { return this; }

        public StringBuilder Append(char[] value) { return this; }

        public StringBuilder Append(int value) { return this; }

        public StringBuilder Append(long value) { return this; }

        public StringBuilder Append(object value) { return this; }

        public StringBuilder Append(sbyte value) { return this; }

        public StringBuilder Append(float value) { return this; }

        public StringBuilder Append(string value) { return this; }

        public StringBuilder Append(ushort value) { return this; }

        public StringBuilder Append(uint value) { return this; }

        public StringBuilder Append(ulong value) { return this; }

        public StringBuilder Append(char value, int repeatCount) { return this; }

        public StringBuilder Append(char[] value, int startIndex, int charCount) { return this; }

        public StringBuilder Append(string value, int startIndex, int count) { return this; }

        public StringBuilder AppendLine() { return this; }

        public StringBuilder AppendLine(string value) { return this; }

        public StringBuilder Insert(int index, string value) { return this; }

        public StringBuilder Insert(int index, char value) { return this; }

        public StringBuilder Remove(int startIndex, int length) { return this; }

        public StringBuilder Replace(char oldChar, char newChar) { return this; }

        public StringBuilder Replace(string oldValue, string newValue) { return this; }

        public override string ToString() { return string.Empty; }

        public string ToString(int startIndex, int length) { return string.Empty; }
    }
}
