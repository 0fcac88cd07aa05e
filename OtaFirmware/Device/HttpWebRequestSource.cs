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
    /// (AddRange) and read Content-Range (GetResponseHeader); HttpClient can do neither. TLS 1.2 against the configured
    /// CA, explicit timeouts, redirects followed here (HttpWebRequest never follows them) up to
    /// <see cref="HttpRedirect.MaxRedirects"/>, every response and stream disposed. It reports facts; the pipeline judges.
    /// </summary>
    public sealed class HttpWebRequestSource : IFirmwareSource
    {
        private readonly X509Certificate _caCertificate;
        private readonly int _timeoutMilliseconds;
        private readonly int _readWriteTimeoutMilliseconds;
        private readonly ILog _log;
        private HttpWebResponse _response;
        private Stream _body;

        /// <summary>Creates the source.</summary>
        /// <param name="caCertificate">Root CA of the download servers; null uses the CA bundle stored on the device.</param>
        /// <param name="timeoutMilliseconds">Connect plus response headers.</param>
        /// <param name="readWriteTimeoutMilliseconds">Each body read.</param>
        /// <param name="log">Where failures are logged.</param>
        public HttpWebRequestSource(X509Certificate caCertificate, int timeoutMilliseconds, int readWriteTimeoutMilliseconds, ILog log)
        {
            _caCertificate = caCertificate;
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
            catch (WebException ex)
            {
                bytesRead = 0;
                return ex.Status == WebExceptionStatus.Timeout ? SourceStatus.Timeout : SourceStatus.ConnectionDropped;
            }
            catch (Exception ex)
            {
                // IOException / SocketException: the TLS session or the socket broke, or the read timed out.
                bytesRead = 0;
                _log.Write("http: read failed: " + ex.Message);
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

                _log.Write("http: " + url + " failed: " + "status " + ((int)ex.Status).ToString() + " " + ex.Message);
                return FromWebStatus(ex.Status);
            }
            catch (Exception ex)
            {
                // SocketException (DNS, refused, TLS alert), IOException
                _log.Write("http: " + url + " failed: " + ex.Message);
                return SourceStatus.ConnectFailed;
            }
        }

        private static SourceStatus FromWebStatus(WebExceptionStatus status)
        {
            switch (status)
            {
                case WebExceptionStatus.Timeout:
                    return SourceStatus.Timeout;
                case WebExceptionStatus.ReceiveFailure:
                case WebExceptionStatus.ConnectionClosed:
                case WebExceptionStatus.KeepAliveFailure:
                case WebExceptionStatus.PipelineFailure:
                    return SourceStatus.ConnectionDropped;
                case WebExceptionStatus.ProtocolError:
                case WebExceptionStatus.ServerProtocolViolation:
                    return SourceStatus.HttpError;
                default:
                    // NameResolutionFailure, ConnectFailure, SendFailure, TrustFailure, SecureChannelFailure, ...
                    return SourceStatus.ConnectFailed;
            }
        }
    }
}
