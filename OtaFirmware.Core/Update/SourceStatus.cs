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
    }
}
