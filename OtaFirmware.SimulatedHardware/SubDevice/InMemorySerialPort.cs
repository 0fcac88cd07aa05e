// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.SimulatedHardware.SubDevice
{
    /// <summary>
    /// One end of an in-memory serial line: bytes written here appear at the other end. Create both ends with
    /// <see cref="CreatePair"/>. The receive buffer is bounded; bytes beyond it are lost like on an overrun UART.
    /// Thread-safe: one reader and any number of writers per end.
    /// </summary>
    public sealed class InMemorySerialPort : ISerialPort
    {
        private readonly object _sync = new object();
        private readonly AutoResetEvent _arrived = new AutoResetEvent(false);
        private readonly byte[] _ring;
        private int _head;
        private int _count;
        private InMemorySerialPort _peer;

        private InMemorySerialPort(int capacity)
        {
            _ring = new byte[capacity];
        }

        /// <summary>Bytes lost because the receive buffer was full.</summary>
        public int OverrunBytes { get; private set; }

        /// <summary>Creates two connected ends, each buffering up to <paramref name="capacity"/> received bytes.</summary>
        public static void CreatePair(int capacity, out InMemorySerialPort first, out InMemorySerialPort second)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            first = new InMemorySerialPort(capacity);
            second = new InMemorySerialPort(capacity);
            first._peer = second;
            second._peer = first;
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            _peer.Receive(buffer, offset, count);
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            int copied = Take(buffer, offset, count);
            if (copied > 0 || timeoutMilliseconds <= 0)
            {
                return copied;
            }

            _arrived.WaitOne(timeoutMilliseconds, false);
            return Take(buffer, offset, count);
        }

        private int Take(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                int n = _count < count ? _count : count;
                for (int i = 0; i < n; i++)
                {
                    buffer[offset + i] = _ring[_head];
                    _head = (_head + 1) % _ring.Length;
                }

                _count -= n;
                return n;
            }
        }

        private void Receive(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                for (int i = 0; i < count; i++)
                {
                    if (_count == _ring.Length)
                    {
                        OverrunBytes += count - i;
                        break;
                    }

                    _ring[(_head + _count) % _ring.Length] = buffer[offset + i];
                    _count++;
                }
            }

            _arrived.Set();
        }
    }
}
