// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// HMAC (RFC 2104) over any <see cref="IStreamingHash"/>: HMAC-SHA1 and HMAC-SHA256 for MQTT sign-in
    /// passwords. One-shot; allocates two block-sized pads and a digest per call, so it is not for hot paths.
    /// </summary>
    public static class Hmac
    {
        /// <summary>
        /// Computes HMAC(<paramref name="key"/>, <paramref name="message"/>[offset..offset+count]) with
        /// <paramref name="hash"/> (which is reset before and after use) and writes <see cref="IStreamingHash.DigestSize"/>
        /// bytes at <paramref name="macOffset"/> of <paramref name="mac"/>.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its array.</exception>
        public static void Compute(IStreamingHash hash, byte[] key, byte[] message, int offset, int count, byte[] mac, int macOffset)
        {
            if (hash == null)
            {
                throw new ArgumentNullException("hash");
            }

            if (key == null)
            {
                throw new ArgumentNullException("key");
            }

            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            if (mac == null)
            {
                throw new ArgumentNullException("mac");
            }

            if (offset < 0 || count < 0 || offset > message.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            int digestSize = hash.DigestSize;
            if (macOffset < 0 || macOffset > mac.Length - digestSize)
            {
                throw new ArgumentOutOfRangeException("macOffset");
            }

            int blockSize = hash.BlockSize;
            byte[] pad = new byte[blockSize];
            byte[] inner = new byte[digestSize];

            // Keys longer than a block are hashed first (RFC 2104 section 2); shorter keys are zero-padded.
            hash.Reset();
            if (key.Length > blockSize)
            {
                hash.Append(key, 0, key.Length);
                hash.Finish(pad, 0);
                hash.Reset();
            }
            else
            {
                Array.Copy(key, 0, pad, 0, key.Length);
            }

            for (int i = 0; i < blockSize; i++)
            {
                pad[i] ^= 0x36;
            }

            hash.Append(pad, 0, blockSize);
            hash.Append(message, offset, count);
            hash.Finish(inner, 0);
            hash.Reset();

            // ipad ^ opad = 0x36 ^ 0x5C = 0x6A turns the inner pad into the outer pad.
            for (int i = 0; i < blockSize; i++)
            {
                pad[i] ^= 0x6A;
            }

            hash.Append(pad, 0, blockSize);
            hash.Append(inner, 0, digestSize);
            hash.Finish(mac, macOffset);
            hash.Reset();
            Array.Clear(pad, 0, blockSize);
        }

        /// <summary>Computes the HMAC of all of <paramref name="message"/> into a new array.</summary>
        /// <returns>The MAC, <see cref="IStreamingHash.DigestSize"/> bytes.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static byte[] Compute(IStreamingHash hash, byte[] key, byte[] message)
        {
            if (hash == null)
            {
                throw new ArgumentNullException("hash");
            }

            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            byte[] mac = new byte[hash.DigestSize];
            Compute(hash, key, message, 0, message.Length, mac, 0);
            return mac;
        }
    }
}
