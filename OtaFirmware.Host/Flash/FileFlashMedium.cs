// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.


using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Host.Flash;

/// <summary>
/// An <see cref="IFlashMedium"/> kept in a file: every write goes straight to the file (no user-space buffering), so
/// killing the process behaves like a power cut and the next run sees exactly the bytes written so far. A missing
/// file is created filled with 0xFF (an erased chip).
/// </summary>
public sealed class FileFlashMedium : IFlashMedium, IDisposable
{
    private readonly FileStream _file;

    /// <summary>Opens <paramref name="path"/>, creating an erased file of <paramref name="size"/> bytes when it is missing.</summary>
    /// <exception cref="InvalidDataException">The file exists with another size.</exception>
    public FileFlashMedium(string path, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        bool exists = File.Exists(path);
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        if (!exists || _file.Length == 0)
        {
            var erased = new byte[64 * 1024];
            Array.Fill(erased, (byte)0xFF);
            for (long position = 0; position < size; position += erased.Length)
            {
                _file.Write(erased, 0, (int)Math.Min(erased.Length, size - position));
            }

            _file.Flush(flushToDisk: true);
        }
        else if (_file.Length != size)
        {
            long length = _file.Length;
            _file.Dispose();
            throw new InvalidDataException($"flash file {path} is {length} bytes, expected {size}");
        }

        Size = size;
    }

    /// <inheritdoc />
    public int Size { get; }

    /// <inheritdoc />
    public void Read(int address, byte[] buffer, int offset, int count)
    {
        _file.Position = address;
        _file.ReadExactly(buffer, offset, count);
    }

    /// <inheritdoc />
    public void Write(int address, byte[] buffer, int offset, int count)
    {
        _file.Position = address;
        _file.Write(buffer, offset, count);
    }

    /// <summary>Forces the written bytes to the disk.</summary>
    public void Flush() => _file.Flush(flushToDisk: true);

    /// <summary>Closes the file (no flush to disk beyond what the OS already has).</summary>
    public void Dispose() => _file.Dispose();
}
