// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>
    /// A byte pipe to a sub-device: a UART (System.IO.Ports on the device), an in-process pipe or a pseudo-terminal on
    /// the host, an in-memory duplex in tests. No framing, no guarantees: bytes may be lost or altered on the way.
    /// </summary>
    public interface ISerialPort
    {
        /// <summary>Sends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>;
        /// bytes sent into a broken link are lost silently.</summary>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for at least one byte and copies what is
        /// available (at most <paramref name="count"/>) into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        /// <returns>The number of bytes copied; 0 on timeout (or when the port is closed).</returns>
        int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);
    }
}
