// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Threading;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// A server that hangs: every Open and Read blocks until the test releases it (an event), as the device's
    /// HttpWebRequest does while a server accepts and never answers. Behind the gate it serves an image with real
    /// Range semantics (<see cref="FakeFirmwareSource"/>). Counts the calls that entered and returned, so a test can
    /// tell what happened while a call was still blocked.
    /// </summary>
    /// <remarks>
    /// A call released after a Close still delivers bytes (the worst case: data the socket had before it was closed),
    /// so a test sees any late write. A hang guard (<see cref="GuardMilliseconds"/>) ends a blocked call with
    /// <see cref="GuardExpired"/> set instead of hanging the test run forever when the code under test waits for it.
    /// </remarks>
    public sealed class BlockingFirmwareSource : IFirmwareSource
    {
        /// <summary>The byte a read released after a Close writes.</summary>
        public const byte LateByte = 0xAB;

        private readonly FakeFirmwareSource _served;
        private readonly object _sync = new object();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly AutoResetEvent _entered = new AutoResetEvent(false);
        private readonly AutoResetEvent _returned = new AutoResetEvent(false);
        private bool _blocking = true;
        private int _closes;
        private int _callsEntered;
        private int _callsReturned;
        private int _opens;
        private int _closesAtEntry;

        /// <summary>Creates a source that serves <paramref name="image"/> once released; it starts blocked.</summary>
        public BlockingFirmwareSource(byte[] image)
        {
            _served = new FakeFirmwareSource(image);
            GuardMilliseconds = 30000;
        }

        /// <summary>True: a Close ends a blocked call at once with a failure (the device closing the socket). False: the
        /// call stays blocked until released (a source whose Close cannot reach it).</summary>
        public bool CloseEndsBlockedCall { get; set; }

        /// <summary>The longest a blocked call waits before giving up with <see cref="GuardExpired"/> (a hang guard, never the behaviour under test).</summary>
        public int GuardMilliseconds { get; set; }

        /// <summary>True once a blocked call gave up on its guard: the code under test waited for a hanging server.</summary>
        public bool GuardExpired { get; private set; }

        /// <summary>The served image's source (its Range semantics and counters).</summary>
        public FakeFirmwareSource Served
        {
            get { return _served; }
        }

        /// <summary>Calls (Open and Read) that entered so far.</summary>
        public int CallsEntered
        {
            get
            {
                lock (_sync)
                {
                    return _callsEntered;
                }
            }
        }

        /// <summary>Calls (Open and Read) that returned so far.</summary>
        public int CallsReturned
        {
            get
            {
                lock (_sync)
                {
                    return _callsReturned;
                }
            }
        }

        /// <summary>Opens that entered so far.</summary>
        public int Opens
        {
            get
            {
                lock (_sync)
                {
                    return _opens;
                }
            }
        }

        /// <summary>Closes so far.</summary>
        public int Closes
        {
            get
            {
                lock (_sync)
                {
                    return _closes;
                }
            }
        }

        /// <summary>Lets blocked calls and every later call through.</summary>
        public void Release()
        {
            lock (_sync)
            {
                _blocking = false;
            }

            _wake.Set();
        }

        /// <summary>Makes later calls block again.</summary>
        public void Block()
        {
            lock (_sync)
            {
                _blocking = true;
            }
        }

        /// <summary>Waits until a call entered since the last wait (a hang guard in milliseconds).</summary>
        /// <returns>False when none entered within the guard.</returns>
        public bool WaitEntered(int guardMilliseconds)
        {
            return _entered.WaitOne(guardMilliseconds, false);
        }

        /// <summary>Waits until a call returned since the last wait (a hang guard in milliseconds).</summary>
        /// <returns>False when none returned within the guard.</returns>
        public bool WaitReturned(int guardMilliseconds)
        {
            return _returned.WaitOne(guardMilliseconds, false);
        }

        /// <inheritdoc />
        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
        {
            lock (_sync)
            {
                _opens++;
            }

            SourceStatus status;
            if (!Pass())
            {
                facts.Reset();
                status = SourceStatus.ConnectFailed;
            }
            else
            {
                lock (_sync)
                {
                    status = _served.Open(url, offset, length, ref facts);
                }
            }

            Returned();
            return status;
        }

        /// <inheritdoc />
        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            bytesRead = 0;
            SourceStatus status = SourceStatus.ConnectionDropped;
            if (Pass())
            {
                lock (_sync)
                {
                    status = _served.Read(buffer, offset, count, out bytesRead);
                    if (status == SourceStatus.ConnectionDropped && count > 0 && _closes != _closesAtEntry)
                    {
                        // closed while blocked: the bytes the socket had still land in the buffer given
                        for (int i = 0; i < count; i++)
                        {
                            buffer[offset + i] = LateByte;
                        }

                        bytesRead = count;
                        status = SourceStatus.Ok;
                    }
                }
            }

            Returned();
            return status;
        }

        /// <inheritdoc />
        public void Close()
        {
            lock (_sync)
            {
                _closes++;
                _served.Close();
            }

            _wake.Set();
        }

        /// <summary>Blocks while the gate is closed; false when a Close ended the call (or the guard expired).</summary>
        private bool Pass()
        {
            int closesAtEntry;
            lock (_sync)
            {
                _callsEntered++;
                closesAtEntry = _closes;
                _closesAtEntry = closesAtEntry;
            }

            _entered.Set();
            while (true)
            {
                lock (_sync)
                {
                    if (!_blocking)
                    {
                        return true;
                    }

                    if (CloseEndsBlockedCall && _closes != closesAtEntry)
                    {
                        return false;
                    }
                }

                if (!_wake.WaitOne(GuardMilliseconds, false))
                {
                    GuardExpired = true;
                    return false;
                }
            }
        }

        private void Returned()
        {
            lock (_sync)
            {
                _callsReturned++;
            }

            _returned.Set();
        }
    }
}
