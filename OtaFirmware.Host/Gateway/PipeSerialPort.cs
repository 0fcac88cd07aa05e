// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.IO.Pipes;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Host.Gateway;

/// <summary>
/// One end of a serial line made of two OS anonymous pipes inside the process (one per direction). A pump thread
/// moves received bytes into a buffer so <see cref="Read"/> can honour its timeout. Dispose both ends when done.
/// </summary>
public sealed class PipeSerialPort : ISerialPort, IDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Queue<byte> _received = new();
    private readonly object _sync = new();
    private readonly Thread _pump;
    private bool _closed;

    private PipeSerialPort(Stream input, Stream output)
    {
        _input = input;
        _output = output;
        _pump = new Thread(Pump) { IsBackground = true, Name = "PipeSerialPort pump" };
        _pump.Start();
    }

    /// <summary>Creates two connected ends.</summary>
    public static (PipeSerialPort First, PipeSerialPort Second) CreatePair()
    {
        var firstToSecond = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var firstToSecondReader = new AnonymousPipeClientStream(PipeDirection.In, firstToSecond.ClientSafePipeHandle);
        var secondToFirst = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var secondToFirstReader = new AnonymousPipeClientStream(PipeDirection.In, secondToFirst.ClientSafePipeHandle);
        var first = new PipeSerialPort(secondToFirstReader, firstToSecond);
        var second = new PipeSerialPort(firstToSecondReader, secondToFirst);
        return (first, second);
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _output.Write(buffer, offset, count);
            _output.Flush();
        }
        catch (IOException)
        {
            // The other end is gone: bytes sent into a broken line are lost.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        lock (_sync)
        {
            if (_received.Count == 0 && !_closed && timeoutMilliseconds > 0)
            {
                Monitor.Wait(_sync, timeoutMilliseconds);
            }

            int n = 0;
            while (n < count && _received.Count > 0)
            {
                buffer[offset + n++] = _received.Dequeue();
            }

            return n;
        }
    }

    /// <summary>
    /// Closes this end's sending pipe, so the other end's pump sees the end of its input. This end's receiving pipe
    /// is closed by its pump once the other end is disposed too (on Linux, closing a pipe while a thread is blocked
    /// reading it blocks the closing thread).
    /// </summary>
    public void Dispose()
    {
        _output.Dispose();
    }

    private void Pump()
    {
        byte[] chunk = new byte[512];
        try
        {
            while (true)
            {
                int n = _input.Read(chunk, 0, chunk.Length);
                if (n <= 0)
                {
                    break;
                }

                lock (_sync)
                {
                    for (int i = 0; i < n; i++)
                    {
                        _received.Enqueue(chunk[i]);
                    }

                    Monitor.PulseAll(_sync);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _input.Dispose();
        lock (_sync)
        {
            _closed = true;
            Monitor.PulseAll(_sync);
        }
    }
}
