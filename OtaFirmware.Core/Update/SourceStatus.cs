// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>Transport-level outcome of a firmware source call. Values are pinned.</summary>
    public enum SourceStatus
    {
        /// <summary>A response is open (Open) or bytes were read (Read).</summary>
        Ok = 0,

        /// <summary>Name resolution, TCP connect or TLS handshake failed.</summary>
        ConnectFailed = 1,

        /// <summary>No answer within the configured timeout.</summary>
        Timeout = 2,

        /// <summary>The connection broke while the body was being read.</summary>
        ConnectionDropped = 3,

        /// <summary>The server answered with a status that has no usable body (see <see cref="HttpFacts.StatusCode"/>).</summary>
        HttpError = 4,

        /// <summary>The URL is not one this source can fetch (scheme, syntax).</summary>
        BadUrl = 5,

        /// <summary>
        /// The source's short bound passed before a byte arrived (Read: the connection is still open and usable) or
        /// before the response arrived (Open: the request is still outstanding). Not a failure: the pipeline asks again
        /// at its next step, and the download driver's stall and minimum-rate watch decide when waiting has lasted too
        /// long.
        /// </summary>
        /// <remarks>
        /// Why a status of its own: a source that bounds each read to well under a second keeps the owner's loop (its
        /// inbox: a newer command, a cancel, a stop) responsive while a server is silent, but only if a quiet second is
        /// not reported as a broken connection. A source reports it only when it can tell a read that merely waited from
        /// one that broke; when it cannot, it reports <see cref="ConnectionDropped"/>.
        /// </remarks>
        NoDataYet = 6,
    }
}
