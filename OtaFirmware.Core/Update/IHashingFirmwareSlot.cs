// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Integrity;

namespace OtaFirmware.Update
{
    /// <summary>
    /// An optional capability of an <see cref="IFirmwareSlot"/>: programs a chunk and appends it to the download's
    /// streaming hashes in one call. <see cref="UpdatePipeline"/> uses it when the slot has it and
    /// <see cref="CanHash"/> accepts the pipeline's hash objects; otherwise it writes and appends to each hash itself.
    /// Both ways leave the same flash bytes, the same hash states and so the same journal records.
    /// </summary>
    /// <remarks>
    /// Why: on the device every call into native code is an interop crossing of the interpreter; one call per chunk
    /// (NativeOta.WriteAndHash: esp_partition_write, then both native hash appends) instead of a write and two appends
    /// makes three crossings one. The contract is the fallback's, step by step: the hashes see the bytes only when the
    /// write succeeded, so a failed or cut write leaves them at the last chunk that is in flash, and the pipeline's
    /// power-safety argument (a journal record only after the flash write it describes) is unchanged.
    /// Device: Esp32FirmwareSlot with NativeStreamingHash; host: SimulatedFirmwareSlot with any hash (write, then Append).
    /// </remarks>
    public interface IHashingFirmwareSlot : IFirmwareSlot
    {
        /// <summary>True when <see cref="WriteAndHash"/> can append to these hash objects (either may be null).</summary>
        /// <param name="md5">The MD5 the pipeline hashes with.</param>
        /// <param name="sha256">The SHA-256 the pipeline hashes with.</param>
        bool CanHash(IStreamingHash md5, IStreamingHash sha256);

        /// <summary>
        /// Programs <paramref name="count"/> bytes like <see cref="IFirmwareSlot.Write"/>; then, only when that
        /// succeeded, appends the first <paramref name="hashCount"/> of them to <paramref name="md5"/> and then to
        /// <paramref name="sha256"/> (a null hash is not appended to).
        /// </summary>
        /// <param name="hashCount">Bytes to hash, 0 to <paramref name="count"/>: the write may carry alignment padding
        /// the image's digests must not see.</param>
        /// <param name="md5">The MD5 to append to, or null; one <see cref="CanHash"/> accepted.</param>
        /// <param name="sha256">The SHA-256 to append to, or null; one <see cref="CanHash"/> accepted.</param>
        /// <returns>What <see cref="IFirmwareSlot.Write"/> returns; on anything but <see cref="FlashStatus.Ok"/> both
        /// hashes are unchanged.</returns>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="hashCount"/> is outside 0 to <paramref name="count"/>.</exception>
        /// <exception cref="System.ArgumentException">A hash <see cref="CanHash"/> does not accept.</exception>
        FlashResult WriteAndHash(int offset, byte[] buffer, int bufferOffset, int count, int hashCount, IStreamingHash md5, IStreamingHash sha256);
    }
}
