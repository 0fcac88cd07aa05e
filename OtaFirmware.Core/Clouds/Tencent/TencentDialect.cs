// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Agent;
using OtaFirmware.Text;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds.Tencent
{
    /// <summary>
    /// Tencent IoT Hub / IoT Explorer OTA over MQTT: subscribes <c>$ota/update/{productId}/{deviceName}</c>, publishes
    /// on <c>$ota/report/{productId}/{deviceName}</c>. Messages match the C SDK (ota_lib.c
    /// qcloud_otalib_gen_info_msg / gen_report_msg): every value in a report is a JSON string.
    /// </summary>
    /// <remarks>
    /// Decisions where the SDK is silent or weak:
    /// <list type="bullet">
    /// <item>The fail report's result_msg carries <see cref="UpdateResult.Detail"/> (the SDK always sends "time_out").</item>
    /// <item>The job's correlation id is the target version: Tencent attributes reports by version.</item>
    /// <item>A rejected update_firmware is reported as state "fail", result_code -5, with its version when that version is
    /// safe to echo; without one nothing is reported.</item>
    /// <item><see cref="RequestFirmware"/> sends report_version: on it the cloud re-sends a pending update_firmware
    /// (the C SDK has no request message).</item>
    /// </list>
    /// </remarks>
    public sealed class TencentDialect : ICloudDialect
    {
        /// <summary>result_code for a download timeout or unreachable server.</summary>
        public const int CodeDownloadTimeout = -1;

        /// <summary>result_code for a file that does not exist (HTTP 404).</summary>
        public const int CodeFileNotFound = -2;

        /// <summary>result_code for a refused or expired URL signature (HTTP 403).</summary>
        public const int CodeAuthFailed = -3;

        /// <summary>result_code for an MD5 mismatch.</summary>
        public const int CodeMd5Mismatch = -4;

        /// <summary>result_code for every other failure.</summary>
        public const int CodeUpgradeFailed = -5;

        private readonly string _productId;
        private readonly string _deviceName;
        private readonly DialectOptions _options;
        private readonly string _updateTopic;
        private readonly string _reportTopic;

        /// <summary>Creates the dialect for one device.</summary>
        /// <param name="productId">Product id (e.g. "S3EUVBRJLB").</param>
        /// <param name="deviceName">Device name.</param>
        /// <param name="options">Limits, or null for the field defaults.</param>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public TencentDialect(string productId, string deviceName, DialectOptions options)
        {
            CloudTopics.CheckSegment(productId, "productId");
            CloudTopics.CheckSegment(deviceName, "deviceName");

            _productId = productId;
            _deviceName = deviceName;
            _options = options == null ? new DialectOptions() : options;
            _updateTopic = "$ota/update/" + productId + "/" + deviceName;
            _reportTopic = "$ota/report/" + productId + "/" + deviceName;
        }

        /// <summary>Creates the dialect with the field defaults.</summary>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public TencentDialect(string productId, string deviceName)
            : this(productId, deviceName, null)
        {
        }

        /// <inheritdoc />
        public string Name
        {
            get { return "tencent"; }
        }

        /// <inheritdoc />
        public string[] SubscriptionTopics
        {
            get { return new string[] { _updateTopic }; }
        }

        /// <summary>The product id.</summary>
        public string ProductId
        {
            get { return _productId; }
        }

        /// <summary>The device name.</summary>
        public string DeviceName
        {
            get { return _deviceName; }
        }

        /// <summary>The topic reports are published on.</summary>
        public string ReportTopic
        {
            get { return _reportTopic; }
        }

        /// <inheritdoc />
        /// <returns>
        /// <see cref="CommandKind.Ignore"/> for another topic or an unknown type; <see cref="CommandKind.VersionAcknowledged"/>
        /// or <see cref="CommandKind.CloudError"/> for report_version_rsp; <see cref="CommandKind.Update"/> for a valid
        /// update_firmware; <see cref="CommandKind.Rejected"/> for anything malformed.
        /// </returns>
        public CloudCommand Parse(string topic, byte[] payload, int length)
        {
            if (topic != _updateTopic)
            {
                return CloudCommand.Ignore("topic '" + JobValidator.Clip(topic) + "' is not this device's OTA topic");
            }

            JsonReader json;
            CloudCommand failure = JobValidator.OpenJson(payload, length, out json);
            if (failure != null)
            {
                return failure;
            }

            string type = null;
            string resultCode = null;
            string resultMessage = null;
            string version = null;
            string url = null;
            string md5 = null;
            string fileSize = null;
            string name;
            while (json.NextMember(out name))
            {
                bool read;
                if (name == "type")
                {
                    read = json.ReadStringOrNumber(out type);
                }
                else if (name == "result_code")
                {
                    read = json.ReadStringOrNumber(out resultCode);
                }
                else if (name == "result_msg")
                {
                    read = json.ReadStringOrNumber(out resultMessage);
                }
                else if (name == "version")
                {
                    read = json.ReadStringOrNumber(out version);
                }
                else if (name == "url")
                {
                    read = json.ReadStringOrNumber(out url);
                }
                else if (name == "md5sum")
                {
                    read = json.ReadStringOrNumber(out md5);
                }
                else if (name == "file_size")
                {
                    read = json.ReadStringOrNumber(out fileSize);
                }
                else
                {
                    read = json.Skip();
                }

                if (!read)
                {
                    break;
                }
            }

            if (!json.ReadEnd())
            {
                return JobValidator.InvalidJson(json);
            }

            if (type == null || type.Length == 0)
            {
                return CloudCommand.Rejected("missing type", JobValidator.SafeCorrelationId(version));
            }

            if (type == "report_version_rsp")
            {
                return ParseVersionResponse(resultCode, resultMessage, version);
            }

            if (type == "update_firmware")
            {
                string correlationId = JobValidator.CheckVersion(version) == null ? JobValidator.SafeCorrelationId(version) : null;
                return JobValidator.BuildJob(version, fileSize, md5, null, url, correlationId, true, _options);
            }

            return CloudCommand.Ignore("unknown message type '" + JobValidator.Clip(type) + "'");
        }

        /// <inheritdoc />
        /// <returns><c>{"type":"report_version","report":{"version":"1.0.0"}}</c> at QoS 1.</returns>
        public OutgoingMessage ReportVersion(string runningVersion)
        {
            StringBuilder json = new StringBuilder(64);
            json.Append("{\"type\":\"report_version\",\"report\":{");
            JsonText.AppendMember(json, "version", runningVersion);
            json.Append("}}");
            return new OutgoingMessage(_reportTopic, JsonText.ToUtf8(json), 1);
        }

        /// <inheritdoc />
        /// <returns>
        /// A report_progress message: "downloading" with percent (0..100) at QoS 0; "burning", "done" at QoS 1; "fail" with
        /// <see cref="FailureCode"/> and the result's detail at QoS 1.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
        public OutgoingMessage ReportProgress(UpdateJob job, ProgressState state, int percent, UpdateResult result)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            switch (state)
            {
                case ProgressState.Downloading:
                    return Progress("downloading", Clamp(percent).ToString(), "0", string.Empty, job.Version, 0);
                case ProgressState.Burning:
                    return Progress("burning", null, "0", string.Empty, job.Version, 1);
                case ProgressState.Done:
                    return Progress("done", null, "0", string.Empty, job.Version, 1);
                default:
                    int code = FailureCode(result);
                    return Progress("fail", null, code.ToString(), ReportText.Failure(result, FailureText(code)), job.Version, 1);
            }
        }

        /// <inheritdoc />
        /// <returns>A "fail" report with result_code -5 against version <paramref name="correlationId"/>, or null when it is null.</returns>
        public OutgoingMessage ReportRejected(string correlationId, string reason)
        {
            if (JobValidator.SafeCorrelationId(correlationId) == null)
            {
                return null;
            }

            return Progress("fail", null, CodeUpgradeFailed.ToString(), JsonText.LimitMessage("rejected update command", reason), correlationId, 1);
        }

        /// <inheritdoc />
        /// <returns>The report_version message (the cloud answers it by re-sending a pending update_firmware).</returns>
        public OutgoingMessage RequestFirmware(string runningVersion)
        {
            return ReportVersion(runningVersion);
        }

        /// <summary>Maps a failure to Tencent's result_code (-1..-5).</summary>
        /// <returns>
        /// -1 for <see cref="UpdateError.SourceUnavailable"/> and <see cref="UpdateError.RetriesExhausted"/>; -2 for
        /// <see cref="UpdateError.NotFound"/>; -3 for <see cref="UpdateError.Forbidden"/>; -4 for
        /// <see cref="UpdateError.DigestMismatch"/> and <see cref="UpdateError.SignatureInvalid"/> (the SDK's verification
        /// failure); -5 for everything else, including a null result.
        /// </returns>
        public static int FailureCode(UpdateResult result)
        {
            if (result == null)
            {
                return CodeUpgradeFailed;
            }

            switch (result.Error)
            {
                case UpdateError.SourceUnavailable:
                case UpdateError.RetriesExhausted:
                    return CodeDownloadTimeout;
                case UpdateError.NotFound:
                    return CodeFileNotFound;
                case UpdateError.Forbidden:
                    return CodeAuthFailed;
                case UpdateError.DigestMismatch:
                case UpdateError.SignatureInvalid:
                    return CodeMd5Mismatch;
                default:
                    return CodeUpgradeFailed;
            }
        }

        private static string FailureText(int code)
        {
            switch (code)
            {
                case CodeDownloadTimeout:
                    return "download timeout";
                case CodeFileNotFound:
                    return "file not found";
                case CodeAuthFailed:
                    return "auth failed or URL expired";
                case CodeMd5Mismatch:
                    return "MD5 mismatch";
                default:
                    return "upgrade failed";
            }
        }

        private static CloudCommand ParseVersionResponse(string code, string resultMessage, string version)
        {
            if (code == null || code.Length == 0)
            {
                return CloudCommand.Rejected("report_version_rsp without result_code", null);
            }

            if (code == "0")
            {
                return CloudCommand.Reply(CommandKind.VersionAcknowledged, "version " + JobValidator.Clip(version) + " acknowledged");
            }

            return CloudCommand.Reply(
                CommandKind.CloudError,
                "report_version refused: result_code " + JobValidator.Clip(code) + ": " + JobValidator.Clip(resultMessage));
        }

        private OutgoingMessage Progress(string state, string percent, string resultCode, string resultMessage, string version, int qos)
        {
            StringBuilder json = new StringBuilder(160);
            json.Append("{\"type\":\"report_progress\",\"report\":{\"progress\":{");
            JsonText.AppendMember(json, "state", state);
            if (percent != null)
            {
                json.Append(',');
                JsonText.AppendMember(json, "percent", percent);
            }

            json.Append(',');
            JsonText.AppendMember(json, "result_code", resultCode);
            json.Append(',');
            JsonText.AppendMember(json, "result_msg", resultMessage);
            json.Append("},");
            JsonText.AppendMember(json, "version", version);
            json.Append("}}");
            return new OutgoingMessage(_reportTopic, JsonText.ToUtf8(json), qos);
        }

        private static int Clamp(int percent)
        {
            return percent < 0 ? 0 : (percent > 100 ? 100 : percent);
        }
    }
}
