// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What an HTTP response said about the bytes it carries. -1 marks a header the server did not send.</summary>
    public struct HttpFacts
    {
        /// <summary>HTTP status code (200, 206, 403, 404, 416, ...), 0 when no response arrived.</summary>
        public int StatusCode;

        /// <summary>First byte of Content-Range ("bytes first-last/total"), -1 when absent.</summary>
        public int RangeFirst;

        /// <summary>Last byte (inclusive) of Content-Range, -1 when absent.</summary>
        public int RangeLast;

        /// <summary>Total resource length from Content-Range, -1 when absent or "*".</summary>
        public int TotalLength;

        /// <summary>Content-Length of this response body, -1 when absent (chunked).</summary>
        public int ContentLength;

        /// <summary>Clears every field to "not sent".</summary>
        public void Reset()
        {
            StatusCode = 0;
            RangeFirst = -1;
            RangeLast = -1;
            TotalLength = -1;
            ContentLength = -1;
        }
    }
}
