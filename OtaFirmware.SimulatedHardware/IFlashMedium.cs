// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Raw storage behind a <see cref="NorFlash"/>: bytes at addresses, no flash rules (those live in NorFlash).
    /// Memory on the portable side, a file on the host so that a killed process behaves like a power cut.
    /// </summary>
    public interface IFlashMedium
    {
        /// <summary>Size of the medium in bytes.</summary>
        int Size { get; }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Stores <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="address"/> as they are.</summary>
        void Write(int address, byte[] buffer, int offset, int count);

        /// <summary>Makes every write so far durable (a no-op for memory).</summary>
        void Flush();
    }
}
