// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// The data plane: reads a firmware image over HTTP(S) with Range requests into a caller-owned buffer.
    /// One response is open at a time. The device implementation uses HttpWebRequest.AddRange; the host one HttpClient.
    /// Implementations report what the server said (<see cref="HttpFacts"/>) and never judge it: the pipeline decides.
    /// </summary>
    /// <remarks>
    /// A call may block as long as the transport lets it (the device's HttpWebRequest: the connect and the TLS handshake
    /// untimed, the headers and each read up to their timeouts). <see cref="BoundedFirmwareSource"/> wraps any source so
    /// that Open and Read return within a short bound with <see cref="SourceStatus.NoDataYet"/> while the call goes on
    /// on its worker; the device and the simulated board both use it.
    /// </remarks>
    public interface IFirmwareSource
    {
        /// <summary>
        /// Opens a request for bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>)
        /// of <paramref name="url"/> (<paramref name="length"/> &lt;= 0 asks for everything from <paramref name="offset"/>;
        /// offset 0 with length &lt;= 0 sends no Range header). Any response left open is closed first.
        /// </summary>
        /// <param name="facts">Filled with the status line and the length headers of the response.</param>
        /// <returns><see cref="SourceStatus.Ok"/> when a response with a body is open (the status may still be 200 where
        /// 206 was asked: check <paramref name="facts"/>); <see cref="SourceStatus.NoDataYet"/> when the source's short
        /// bound passed before the response arrived (the request stays outstanding: the same Open called again collects
        /// it, <see cref="Close"/> gives it up; <paramref name="facts"/> says nothing yet); otherwise the reason no body
        /// can be read.</returns>
        SourceStatus Open(string url, int offset, int length, ref HttpFacts facts);

        /// <summary>Reads up to <paramref name="count"/> bytes of the open response body.</summary>
        /// <param name="bytesRead">Bytes placed in <paramref name="buffer"/>; 0 with <see cref="SourceStatus.Ok"/> means the body ended.</param>
        /// <returns><see cref="SourceStatus.Ok"/>, <see cref="SourceStatus.NoDataYet"/> (the read's bound passed without a
        /// byte; the response stays open), <see cref="SourceStatus.ConnectionDropped"/> or <see cref="SourceStatus.Timeout"/>.</returns>
        SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead);

        /// <summary>Closes the open response, if any, and gives up an Open or Read that answered
        /// <see cref="SourceStatus.NoDataYet"/>. Safe to call at any time.</summary>
        void Close();
    }
}
