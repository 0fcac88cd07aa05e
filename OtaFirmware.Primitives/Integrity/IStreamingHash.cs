// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// A hash fed in pieces (MD5, SHA-1, SHA-256), allocation-free per call, whose mid-state can be exported into a
    /// resume record and imported after a reboot so that a resumed download continues the hash without re-reading flash.
    /// </summary>
    public interface IStreamingHash
    {
        /// <summary>Digest length in bytes.</summary>
        int DigestSize { get; }

        /// <summary>Internal block length in bytes (64 for MD5, SHA-1 and SHA-256).</summary>
        int BlockSize { get; }

        /// <summary>Length in bytes of an exported mid-state (<see cref="ExportState"/>).</summary>
        int StateSize { get; }

        /// <summary>Bytes appended since the last <see cref="Reset"/>.</summary>
        long Length { get; }

        /// <summary>Starts a new hash.</summary>
        void Reset();

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        void Append(byte[] buffer, int offset, int count);

        /// <summary>Writes the digest at <paramref name="offset"/> of <paramref name="digest"/>; call <see cref="Reset"/> before reusing.</summary>
        void Finish(byte[] digest, int offset);

        /// <summary>Writes the mid-state (chaining words, length, pending partial block) in <see cref="StateSize"/> bytes.</summary>
        void ExportState(byte[] destination, int offset);

        /// <summary>Restores a mid-state written by <see cref="ExportState"/>.</summary>
        /// <returns>False (and the hash unchanged) when the bytes are not a valid state.</returns>
        bool ImportState(byte[] source, int offset);
    }
}
