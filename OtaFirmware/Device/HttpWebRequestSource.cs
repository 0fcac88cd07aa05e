// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Agent;
using OtaFirmware.Update;

namespace OtaFirmware.Device
{
    /// <summary>
    /// <see cref="IFirmwareSource"/> on nanoFramework's HttpWebRequest: the only HTTP API there that can send Range
    /// (AddRange) and read Content-Range (GetResponseHeader); HttpClient can do neither. TLS 1.2 with the server's
    /// certificate verified against the configured CA (SslVerification.CertificateRequired, set on every request:
    /// HttpWebRequest leaves it at 0, which nanoCLR's TLS layer treats as no verification), explicit timeouts, redirects
    /// followed here (HttpWebRequest never follows them) up to <see cref="HttpRedirect.MaxRedirects"/>, every response
    /// and stream disposed. It reports facts; the pipeline judges.
    /// </summary>
    /// <remarks>
    /// How System.Net.Http 1.5.210's HttpWebRequest really behaves, and what this adapter assumes from it:
    /// <see cref="HttpWebRequest.Timeout"/> bounds only the wait for the response headers (the connect and the TLS
    /// handshake happen before its timer starts, bounded by the socket layer alone); ReadWriteTimeout bounds each read
    /// of the body; GetResponse wraps every failure (DNS, refused, TLS alert, header timeout) in a WebException whose
    /// Status is 0, so the status says nothing and a timeout cannot be told from a refused connection: every failure
    /// without a response is reported as <see cref="SourceStatus.ConnectFailed"/> and the message is logged. 4xx/5xx
    /// come back as responses, never as exceptions. A body read is bounded by ReadWriteTimeout.
    /// Why this source blocks and never reports <see cref="SourceStatus.NoDataYet"/> itself (a short read bound with the
    /// connection kept), read from the library and runtime sources: (1) polling for data before a read cannot work over
    /// TLS, because SslStream.Length is nanoCLR's ssl_available_internal, which counts only bytes mbedTLS has already
    /// decrypted and never reads the socket (nf-interpreter, mbedTLS ssl_available_internal.cpp), so a live download
    /// would look silent; (2) a read that timed out cannot be told from a broken TLS session here (see above), and with
    /// a chunked body a timeout inside the chunk header loses the decoder's place (InputNetworkStreamWrapper.GetChunk),
    /// so a short ReadWriteTimeout would break healthy downloads; (3) the connect and the handshake
    /// (HttpWebRequest.EstablishConnection) run before GetResponse hands out anything that could be closed, and the
    /// request has no Abort, so no watchdog can cut them short from outside; only the header wait has a timer that
    /// closes the socket (OnRequestTimeout).
    /// So the application wraps this source in <see cref="BoundedFirmwareSource"/>, which runs Open and Read on its own
    /// worker thread and answers NoDataYet to the agent's loop while they block: the loop and its inbox (a newer
    /// command, a cancel, a stop) never wait for the server, and the download driver's stall and minimum-rate watch
    /// judge the wait. What that asks of this class: <see cref="Close"/> may be called from another thread while a Read
    /// blocks; it disposes the stream and the response (KeepAlive is off, so that closes the socket), which ends the
    /// blocked read with an exception; should the runtime not wake a blocked read on a close, the read still ends by
    /// ReadWriteTimeout. Either way the wrapper discards its result. A Close during Open finds nothing to close yet;
    /// the wrapper closes the response the late Open returns, and the next request waits (the agent still answering)
    /// until then.
    /// </remarks>
    public sealed class HttpWebRequestSource : IFirmwareSource
    {
        private readonly X509Certificate _caCertificate;
        private readonly bool _verifyServer;
        private readonly int _timeoutMilliseconds;
        private readonly int _readWriteTimeoutMilliseconds;
        private readonly ILog _log;
        private HttpWebResponse _response;
        private Stream _body;

        /// <summary>Creates the source.</summary>
        /// <param name="caCertificate">Root CA of the download servers; null uses the CA bundle stored on the device.</param>
        /// <param name="verifyServer">True (always, except in the explicit insecure development mode of
        /// device_info.json): the server's certificate must verify, SslVerification.CertificateRequired.</param>
        /// <param name="timeoutMilliseconds">The wait for the response headers, after the connect and the TLS
        /// handshake (which HttpWebRequest does not time).</param>
        /// <param name="readWriteTimeoutMilliseconds">Each body read.</param>
        /// <param name="log">Where failures are logged.</param>
        public HttpWebRequestSource(X509Certificate caCertificate, bool verifyServer, int timeoutMilliseconds, int readWriteTimeoutMilliseconds, ILog log)
        {
            _caCertificate = caCertificate;
            _verifyServer = verifyServer;
            _timeoutMilliseconds = timeoutMilliseconds;
            _readWriteTimeoutMilliseconds = readWriteTimeoutMilliseconds;
            _log = log;
        }

        /// <inheritdoc />
        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
        {
            Close();
            facts.Reset();
            if (offset < 0)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (url == null)
            {
                return SourceStatus.BadUrl;
            }

            string current = url;
            for (int hop = 0; ; hop++)
            {
                HttpWebResponse response;
                SourceStatus status = Send(current, offset, length, out response);
                if (status != SourceStatus.Ok)
                {
                    return status;
                }

                int code = (int)response.StatusCode;
                if (HttpRedirect.IsRedirect(code))
                {
                    string location = response.GetResponseHeader("Location");
                    response.Close();
                    string next = hop < HttpRedirect.MaxRedirects ? HttpRedirect.Resolve(current, location) : null;
                    if (next == null)
                    {
                        facts.StatusCode = code;
                        _log.Write("http: redirect " + code.ToString() + " not followed (hop " + hop.ToString() + ")");
                        return SourceStatus.HttpError;
                    }

                    current = next;
                    continue;
                }

                facts.StatusCode = code;
                long contentLength = response.ContentLength;
                facts.ContentLength = contentLength < 0 || contentLength > int.MaxValue ? -1 : (int)contentLength;
                ContentRange.Apply(response.GetResponseHeader("Content-Range"), ref facts);

                if (code != 200 && code != 206)
                {
                    // 403 (signature expired), 404, 416, 5xx: the facts say which; there is no body to read.
                    response.Close();
                    return SourceStatus.HttpError;
                }

                try
                {
                    _body = response.GetResponseStream();
                }
                catch (Exception ex)
                {
                    response.Close();
                    _log.Write("http: no response stream: " + ex.Message);
                    return SourceStatus.ConnectionDropped;
                }

                _response = response;
                return SourceStatus.Ok;
            }
        }

        /// <inheritdoc />
        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            bytesRead = 0;
            Stream body = _body;
            if (body == null)
            {
                return SourceStatus.ConnectionDropped;
            }

            try
            {
                bytesRead = body.Read(buffer, offset, count);
                return SourceStatus.Ok;
            }
            catch (Exception ex)
            {
                // IOException / SocketException: the TLS session or the socket broke, or the read timed out
                // (ReadWriteTimeout); the stream does not say which. Either way the connection is closed here, at once:
                // a stalled TLS session must not keep its socket (and mbedTLS's buffers) until the next Open.
                bytesRead = 0;
                _log.Write("http: read failed: " + ex.Message);
                Close();
                return SourceStatus.ConnectionDropped;
            }
        }

        /// <inheritdoc />
        public void Close()
        {
            Stream body = _body;
            HttpWebResponse response = _response;
            _body = null;
            _response = null;
            if (body != null)
            {
                try
                {
                    body.Dispose();
                }
                catch (Exception)
                {
                    // already broken
                }
            }

            if (response != null)
            {
                try
                {
                    response.Close();
                }
                catch (Exception)
                {
                    // already broken
                }
            }
        }

        private SourceStatus Send(string url, int offset, int length, out HttpWebResponse response)
        {
            response = null;
            HttpWebRequest request;
            try
            {
                request = (HttpWebRequest)WebRequest.Create(url);
            }
            catch (Exception ex)
            {
                _log.Write("http: bad url: " + ex.Message);
                return SourceStatus.BadUrl;
            }

            request.Method = "GET";
            request.KeepAlive = false;
            request.Timeout = _timeoutMilliseconds;
            request.ReadWriteTimeout = _readWriteTimeoutMilliseconds;
            if (url.ToLower().IndexOf("https://") == 0)
            {
                // HttpWebRequest defaults to SslProtocols.None: TLS 1.2 must be set or the handshake fails.
                request.SslProtocols = SslProtocols.Tls12;
                request.HttpsAuthentCert = _caCertificate;
                // HttpWebRequest leaves SslVerification at 0 and nanoCLR then verifies nothing: always set it.
                request.SslVerification = _verifyServer ? SslVerification.CertificateRequired : SslVerification.NoVerification;
            }

            if (length > 0)
            {
                request.AddRange(offset, offset + length - 1);
            }
            else if (offset > 0)
            {
                request.AddRange(offset);
            }

            try
            {
                response = (HttpWebResponse)request.GetResponse();
                return SourceStatus.Ok;
            }
            catch (WebException ex)
            {
                HttpWebResponse withStatus = ex.Response as HttpWebResponse;
                if (withStatus != null)
                {
                    // some versions throw for 4xx/5xx: report the status like any other response
                    response = withStatus;
                    return SourceStatus.Ok;
                }

                // GetResponse wraps every failure in a WebException with status 0: the inner exception says what broke.
                _log.Write("http: " + url + " failed: " + ex.Message
                    + (ex.InnerException != null ? " (" + ex.InnerException.Message + ")" : string.Empty));
                return SourceStatus.ConnectFailed;
            }
            catch (Exception ex)
            {
                // SocketException (DNS, refused, TLS alert), IOException
                _log.Write("http: " + url + " failed: " + ex.Message);
                return SourceStatus.ConnectFailed;
            }
        }
    }
}
