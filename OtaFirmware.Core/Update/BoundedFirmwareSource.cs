// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;

namespace OtaFirmware.Update
{
    /// <summary>
    /// An <see cref="IFirmwareSource"/> whose <see cref="Open"/> and <see cref="Read"/> return within a short bound
    /// whatever the server does: it runs the inner source's Open and Read on one worker thread it owns and answers
    /// <see cref="SourceStatus.NoDataYet"/> when the worker has not finished in time. The operation stays outstanding
    /// and the next call with the same request collects its result.
    /// </summary>
    /// <remarks>
    /// Why: the device's HttpWebRequest blocks for the connect and the TLS handshake (untimed), for the response
    /// headers (Timeout) and for each body read (ReadWriteTimeout), and neither a short socket timeout nor a watchdog
    /// can cut those short there (see HttpWebRequestSource's remarks). Moving the blocking calls to a worker keeps the
    /// agent's loop, and with it its inbox (a newer command, a cancel, a stop), answering within the bound; the download
    /// driver's stall and minimum-rate watch judge how long the wait may last.
    /// Rules:
    /// <list type="bullet">
    /// <item>The worker reads into a buffer this wrapper owns, allocated once (the pipeline's chunk); a result is copied
    /// (Array.Copy) into the caller's buffer only when collected, so a read the caller gave up on can never write into
    /// the caller's buffer later.</item>
    /// <item><see cref="Close"/> while the worker is blocked calls the inner Close at once (on the device that closes the
    /// socket, which ends the blocked call), marks the outstanding operation abandoned and never hands its result to
    /// a later call; when the abandoned call returns, the worker closes the inner source again (an Open that
    /// finished after the Close may have opened a response). Until then a new Open answers NoDataYet.</item>
    /// <item>A Read finding no outstanding read starts one of at most the buffer's length; bytes the worker read beyond
    /// what the collecting call asked for are kept for the next Read, in order.</item>
    /// <item>One worker thread per wrapper lifetime, started by the first Open; <see cref="Dispose"/> closes the inner
    /// source and ends the thread once its current inner call returns. Nothing is allocated per download or per chunk
    /// (an Open's facts travel in a struct).</item>
    /// </list>
    /// Memory: one extra chunk buffer and one thread (its stack) for the wrapper's lifetime.
    /// Threading: one caller at a time (the pipeline's owner); <see cref="Close"/> and <see cref="Dispose"/> may be called
    /// from any thread. The inner source's Close must tolerate being called while its Open or Read runs on the worker.
    /// </remarks>
    public sealed class BoundedFirmwareSource : IFirmwareSource, IDisposable
    {
        /// <summary>The default bound of one <see cref="Open"/> or <see cref="Read"/>, in milliseconds.</summary>
        public const int DefaultBoundMilliseconds = 500;

        private const int NoOperation = 0;
        private const int OpenOperation = 1;
        private const int ReadOperation = 2;

        private readonly IFirmwareSource _inner;
        private readonly byte[] _buffer;
        private readonly int _boundMilliseconds;
        private readonly object _sync = new object();
        private readonly AutoResetEvent _work = new AutoResetEvent(false);
        private readonly ManualResetEvent _idle = new ManualResetEvent(true);

        private Thread _worker;
        private bool _disposed;

        // The outstanding operation (guarded by _sync): what it is, its arguments and, once finished, its result.
        private int _operation;
        private bool _running;
        private bool _finished;
        private bool _abandoned;
        private string _url;
        private int _offset;
        private int _length;
        private int _count;
        private HttpFacts _facts;
        private SourceStatus _status;
        private int _bytesRead;
        private Exception _failure;

        // A collected read's bytes the caller did not take yet, and whether a response is open from the caller's view.
        private int _keptStart;
        private int _keptCount;
        private bool _responseOpen;

        /// <summary>Creates the wrapper with the default bound.</summary>
        /// <param name="inner">The source whose calls may block.</param>
        /// <param name="bufferSize">The wrapper's own read buffer: the pipeline's chunk size.</param>
        public BoundedFirmwareSource(IFirmwareSource inner, int bufferSize)
            : this(inner, bufferSize, DefaultBoundMilliseconds)
        {
        }

        /// <summary>Creates the wrapper.</summary>
        /// <param name="inner">The source whose calls may block.</param>
        /// <param name="bufferSize">The wrapper's own read buffer: the pipeline's chunk size.</param>
        /// <param name="boundMilliseconds">The longest one <see cref="Open"/> or <see cref="Read"/> waits for the worker (0 or more).</param>
        /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive or the bound is negative.</exception>
        public BoundedFirmwareSource(IFirmwareSource inner, int bufferSize, int boundMilliseconds)
        {
            if (inner == null)
            {
                throw new ArgumentNullException("inner");
            }

            if (bufferSize <= 0 || boundMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("bufferSize");
            }

            _inner = inner;
            _buffer = new byte[bufferSize];
            _boundMilliseconds = boundMilliseconds;
        }

        /// <summary>The longest one call waits for the worker, in milliseconds.</summary>
        public int BoundMilliseconds
        {
            get { return _boundMilliseconds; }
        }

        /// <summary>True while an inner call runs on the worker (including one that was abandoned).</summary>
        public bool IsWorkerBusy
        {
            get
            {
                lock (_sync)
                {
                    return _running;
                }
            }
        }

        /// <inheritdoc />
        /// <returns>What the inner Open returned once the worker finished it, or <see cref="SourceStatus.NoDataYet"/> while
        /// it runs (call again with the same request to collect it) or while an abandoned call still occupies the worker.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
        /// <exception cref="InvalidOperationException">The wrapper was disposed.</exception>
        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
        {
            if (offset < 0)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            facts.Reset();
            bool closeFirst = false;
            lock (_sync)
            {
                ThrowIfDisposed();
                _keptCount = 0;
                _responseOpen = false;
                if (!SameOpenLocked(url, offset, length) && _operation != NoOperation && !_abandoned)
                {
                    // another request is outstanding: the inner source closes it first, as its own Open would
                    closeFirst = AbandonLocked();
                }
            }

            if (closeFirst)
            {
                _inner.Close();
            }

            int wait = _boundMilliseconds;
            bool waitForWorker = false;
            lock (_sync)
            {
                if (!SameOpenLocked(url, offset, length))
                {
                    if (_running)
                    {
                        waitForWorker = true; // an abandoned call still holds the worker
                    }
                    else
                    {
                        StartOpenLocked(url, offset, length);
                    }
                }
            }

            if (waitForWorker)
            {
                // Wait for it within the bound (never spin), then start; the whole call stays within one bound.
                _idle.WaitOne(_boundMilliseconds, false);
                lock (_sync)
                {
                    ThrowIfDisposed();
                    if (_running)
                    {
                        return SourceStatus.NoDataYet;
                    }

                    StartOpenLocked(url, offset, length);
                }

                wait = 0;
            }

            if (!WaitFinished(wait))
            {
                return SourceStatus.NoDataYet;
            }

            lock (_sync)
            {
                if (!_finished || _abandoned || _operation != OpenOperation)
                {
                    return SourceStatus.NoDataYet; // closed from another thread meanwhile
                }

                facts = _facts;
                SourceStatus status = _status;
                Exception failure = _failure;
                ClearLocked();
                ThrowIfFailed(failure);
                _responseOpen = status == SourceStatus.Ok;
                return status;
            }
        }

        /// <inheritdoc />
        /// <returns>What the inner Read returned once the worker finished it (at most the wrapper's buffer length per
        /// call), <see cref="SourceStatus.NoDataYet"/> while it runs, <see cref="SourceStatus.ConnectionDropped"/> when no
        /// response is open.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="count"/> is outside the buffer.</exception>
        /// <exception cref="InvalidOperationException">The wrapper was disposed.</exception>
        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            bytesRead = 0;
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            lock (_sync)
            {
                ThrowIfDisposed();
                if (_keptCount > 0)
                {
                    bytesRead = TakeKeptLocked(buffer, offset, count);
                    return SourceStatus.Ok;
                }

                if (_operation == ReadOperation && !_abandoned)
                {
                    // collect the outstanding read below
                }
                else if (!_responseOpen || _operation != NoOperation)
                {
                    return SourceStatus.ConnectionDropped; // no response is open (never opened, closed, or an Open not collected)
                }
                else
                {
                    _count = count < _buffer.Length ? count : _buffer.Length;
                    StartLocked(ReadOperation);
                }
            }

            if (!WaitFinished(_boundMilliseconds))
            {
                return SourceStatus.NoDataYet;
            }

            lock (_sync)
            {
                if (!_finished || _abandoned || _operation != ReadOperation)
                {
                    return SourceStatus.NoDataYet; // closed from another thread meanwhile
                }

                SourceStatus status = _status;
                Exception failure = _failure;
                _keptStart = 0;
                _keptCount = status == SourceStatus.Ok ? _bytesRead : 0;
                ClearLocked();
                ThrowIfFailed(failure);
                if (status != SourceStatus.Ok)
                {
                    _responseOpen = status == SourceStatus.NoDataYet;
                    return status;
                }

                bytesRead = TakeKeptLocked(buffer, offset, count);
                return SourceStatus.Ok;
            }
        }

        /// <inheritdoc />
        /// <remarks>Returns at once: an inner call still blocked on the worker is abandoned (its result is never handed
        /// out) and the inner Close runs now, from this thread, to end it.</remarks>
        public void Close()
        {
            lock (_sync)
            {
                _keptCount = 0;
                _responseOpen = false;
                if (_operation != NoOperation && !_abandoned)
                {
                    AbandonLocked();
                }
            }

            _inner.Close();
        }

        /// <summary>
        /// Closes the inner source and ends the worker thread once its current inner call returns (it does not wait for
        /// that). Later calls throw <see cref="InvalidOperationException"/>; Close stays safe.
        /// </summary>
        public void Dispose()
        {
            lock (_sync)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _keptCount = 0;
                _responseOpen = false;
                if (_operation != NoOperation && !_abandoned)
                {
                    AbandonLocked();
                }
            }

            _work.Set();
            _inner.Close();
        }

        private bool AbandonLocked()
        {
            if (_running)
            {
                _abandoned = true; // the worker drops the result and closes the inner source when the call returns
            }
            else
            {
                ClearLocked(); // finished, never collected: dropped here
            }

            return true;
        }

        private bool SameOpenLocked(string url, int offset, int length)
        {
            return _operation == OpenOperation && !_abandoned && _url == url && _offset == offset && _length == length;
        }

        private void StartOpenLocked(string url, int offset, int length)
        {
            ClearLocked();
            _url = url;
            _offset = offset;
            _length = length;
            _facts.Reset();
            StartLocked(OpenOperation);
        }

        private void StartLocked(int operation)
        {
            if (_worker == null)
            {
                _worker = new Thread(Work);
                _worker.Start();
            }

            _operation = operation;
            _running = true;
            _finished = false;
            _abandoned = false;
            _failure = null;
            _idle.Reset();
            _work.Set();
        }

        private bool WaitFinished(int milliseconds)
        {
            _idle.WaitOne(milliseconds, false);
            lock (_sync)
            {
                return _finished;
            }
        }

        private void ClearLocked()
        {
            _operation = NoOperation;
            _finished = false;
            _abandoned = false;
            _failure = null;
            _bytesRead = 0;
        }

        private int TakeKeptLocked(byte[] buffer, int offset, int count)
        {
            int n = _keptCount < count ? _keptCount : count;
            Array.Copy(_buffer, _keptStart, buffer, offset, n);
            _keptStart += n;
            _keptCount -= n;
            return n;
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new InvalidOperationException("the source was disposed");
            }
        }

        private static void ThrowIfFailed(Exception failure)
        {
            if (failure != null)
            {
                // the inner source threw (a caller bug by the rules of this codebase): surface it on the caller's thread
                throw new InvalidOperationException("the inner firmware source threw: " + failure.Message, failure);
            }
        }

        private void Work()
        {
            while (true)
            {
                _work.WaitOne();
                int operation;
                string url;
                int offset;
                int length;
                int count;
                lock (_sync)
                {
                    if (_disposed && !_running)
                    {
                        _idle.Set();
                        return;
                    }

                    if (!_running)
                    {
                        continue;
                    }

                    operation = _operation;
                    url = _url;
                    offset = _offset;
                    length = _length;
                    count = _count;
                }

                HttpFacts facts = new HttpFacts();
                facts.Reset();
                SourceStatus status = SourceStatus.ConnectionDropped;
                int read = 0;
                Exception failure = null;
                try
                {
                    if (operation == OpenOperation)
                    {
                        status = _inner.Open(url, offset, length, ref facts);
                    }
                    else
                    {
                        status = _inner.Read(_buffer, 0, count, out read);
                    }
                }
                catch (Exception ex)
                {
                    failure = ex;
                }

                bool abandoned;
                lock (_sync)
                {
                    abandoned = _abandoned || _disposed;
                    if (!abandoned)
                    {
                        _facts = facts;
                        _status = status;
                        _bytesRead = read < 0 ? 0 : read;
                        _failure = failure;
                        _finished = true;
                        _running = false;
                        _idle.Set();
                    }
                }

                if (abandoned)
                {
                    // A response opened (or kept) by the call the caller gave up on must not stay open.
                    try
                    {
                        _inner.Close();
                    }
                    catch (Exception)
                    {
                        // Close is documented safe; a broken inner source must not end the worker
                    }

                    lock (_sync)
                    {
                        ClearLocked();
                        _running = false;
                        _idle.Set();
                        if (_disposed)
                        {
                            return;
                        }
                    }
                }
            }
        }
    }
}
