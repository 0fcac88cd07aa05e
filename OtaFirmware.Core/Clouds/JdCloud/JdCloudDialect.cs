// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using System.Threading;
using OtaFirmware.Clouds;
using OtaFirmware.Agent;
using OtaFirmware.Text;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds.JdCloud
{
    /// <summary>
    /// JD Cloud IoT Engine OTA (the <c>iot_ota_*</c> device SDK): subscribes
    /// <c>/sys/{productKey}/{identifier}/ota/firmware/upgrade</c> and <c>.../get_reply</c>; publishes firmware requests
    /// on <c>.../get</c>, progress on <c>.../progress</c> and the version on <c>.../inform</c>.
    /// </summary>
    /// <remarks>
    /// The JD document defines only the upgrade push, the get_reply and the C API. Decided here (change the topic
    /// and payload builders if JD's wire format turns out different):
    /// <list type="bullet">
    /// <item>Outgoing messages keep the downlink envelope <c>{"msgId":"n","version":"1.0","data":{...}}</c>.</item>
    /// <item>Firmware request (<c>iot_ota_get_firmware_info</c>) on <c>.../get</c>: <c>data{"firmwareVersion":".."}</c>
    /// with the version passed in (the running version: the interface gives no other).</item>
    /// <item>Version report (<c>iot_ota_report_firmware_version</c>) on <c>.../inform</c>:
    /// <c>data{"firmwareVersion":".."}</c>.</item>
    /// <item>Progress (<c>iot_ota_report_progress(status, 0..100)</c>) on <c>.../progress</c>:
    /// <c>data{"status":"downloading|burning|done|failed","progress":N,"code":C,"desc":".."}</c>, progress and code as
    /// JSON numbers, code 0 unless failed; failure codes follow the iotkit lineage of the JD API: -1 upgrade, -2 download,
    /// -3 verification, -4 flash (the same table as Aliyun).</item>
    /// <item>Success is judged by the reported version: after <see cref="ProgressState.Done"/> the agent reports the new
    /// version.</item>
    /// <item>A get_reply without <c>size</c> (the document's example has none) is rejected: the job needs the exact
    /// size before the first byte is written, and a Content-Range total learnt mid-download would bypass the
    /// size-before-download checks.</item>
    /// <item>policy "standard", "silent" or absent are all applied at once (the agent is unattended); any other policy
    /// is rejected. signMethod is required with sign.</item>
    /// </list>
    /// </remarks>
    public sealed class JdCloudDialect : ICloudDialect
    {
        /// <summary>The protocol version written in the envelope.</summary>
        public const string ProtocolVersion = "1.0";

        // The members of "data" read, in this order (indices below).
        private static readonly string[] DataFields = new string[] { "policy", "size", "firmwareVersion", "url", "sign", "signMethod" };
        private const int DataPolicy = 0;
        private const int DataSize = 1;
        private const int DataVersion = 2;
        private const int DataUrl = 3;
        private const int DataSign = 4;
        private const int DataSignMethod = 5;

        private readonly DialectOptions _options;
        private readonly string _upgradeTopic;
        private readonly string _getTopic;
        private readonly string _getReplyTopic;
        private readonly string _progressTopic;
        private readonly string _informTopic;
        private int _messageId;

        /// <summary>Creates the dialect for one device.</summary>
        /// <param name="productKey">Product key.</param>
        /// <param name="identifier">Device identifier.</param>
        /// <param name="options">Limits, or null for the field defaults.</param>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public JdCloudDialect(string productKey, string identifier, DialectOptions options)
        {
            CloudTopics.CheckSegment(productKey, "productKey");
            CloudTopics.CheckSegment(identifier, "identifier");
            _options = options == null ? new DialectOptions() : options;
            string prefix = "/sys/" + productKey + "/" + identifier + "/ota/firmware/";
            _upgradeTopic = prefix + "upgrade";
            _getTopic = prefix + "get";
            _getReplyTopic = prefix + "get_reply";
            _progressTopic = prefix + "progress";
            _informTopic = prefix + "inform";
        }

        /// <summary>Creates the dialect with the field defaults.</summary>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public JdCloudDialect(string productKey, string identifier)
            : this(productKey, identifier, null)
        {
        }

        /// <inheritdoc />
        public string Name
        {
            get { return "jdcloud"; }
        }

        /// <inheritdoc />
        public string[] SubscriptionTopics
        {
            get { return new string[] { _upgradeTopic, _getReplyTopic }; }
        }

        /// <inheritdoc />
        /// <returns>
        /// <see cref="CommandKind.Ignore"/> for another topic; <see cref="CommandKind.NoUpdatePending"/> for a get_reply
        /// with code 404; <see cref="CommandKind.CloudError"/> for another error code; <see cref="CommandKind.Update"/> for
        /// a valid firmware; <see cref="CommandKind.Rejected"/> otherwise.
        /// </returns>
        public CloudCommand Parse(string topic, byte[] payload, int length)
        {
            bool reply = topic == _getReplyTopic;
            if (!reply && topic != _upgradeTopic)
            {
                return CloudCommand.Ignore("topic '" + JobValidator.Clip(topic) + "' is not this device's OTA topic");
            }

            JsonReader json;
            CloudCommand failure = JobValidator.OpenJson(payload, length, out json);
            if (failure != null)
            {
                return failure;
            }

            string messageId = null;
            string code = null;
            string text = null;
            bool hasData = false;
            string[] data = new string[DataFields.Length];
            string name;
            while (json.NextMember(out name))
            {
                bool read;
                if (name == "msgId")
                {
                    read = json.ReadStringOrNumber(out messageId);
                }
                else if (name == "code")
                {
                    read = json.ReadStringOrNumber(out code);
                }
                else if (name == "message")
                {
                    read = json.ReadStringOrNumber(out text);
                }
                else if (name == "version")
                {
                    string ignored;
                    read = json.ReadStringOrNumber(out ignored);
                }
                else if (name == "data")
                {
                    hasData = !json.TryReadNull();
                    read = !json.Failed && (!hasData || json.ReadFields(DataFields, data));
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

            string id = JobValidator.SafeCorrelationId(messageId);
            if (code != null && code != "200")
            {
                if (!reply)
                {
                    return CloudCommand.Rejected("upgrade message with code " + JobValidator.Clip(code), id);
                }

                if (code == "404")
                {
                    return CloudCommand.Reply(CommandKind.NoUpdatePending, JobValidator.Clip(text));
                }

                return CloudCommand.Reply(
                    CommandKind.CloudError,
                    "firmware request failed: code " + JobValidator.Clip(code) + ": " + JobValidator.Clip(text));
            }

            if (!hasData)
            {
                return CloudCommand.Rejected("missing data", id);
            }

            string policy = data[DataPolicy];
            string size = data[DataSize];
            string sign = data[DataSign];
            string signMethod = data[DataSignMethod];
            if (policy != null && policy != "standard" && policy != "silent")
            {
                return CloudCommand.Rejected("unknown policy '" + JobValidator.Clip(policy) + "'", id);
            }

            if (reply && size == null)
            {
                return CloudCommand.Rejected("firmware info without size: the image size must be known before downloading", id);
            }

            if (sign == null || sign.Length == 0)
            {
                return CloudCommand.Rejected("missing sign", id);
            }

            string method = signMethod == null ? null : signMethod.ToLower();
            if (method == null || method.Length == 0)
            {
                return CloudCommand.Rejected("sign without signMethod", id);
            }

            if (method == "md5")
            {
                return JobValidator.BuildJob(data[DataVersion], size, sign, null, data[DataUrl], id, false, _options);
            }

            if (method == "sha256")
            {
                return JobValidator.BuildJob(data[DataVersion], size, null, sign, data[DataUrl], id, false, _options);
            }

            return CloudCommand.Rejected("unsupported signMethod '" + JobValidator.Clip(signMethod) + "'", id);
        }

        /// <inheritdoc />
        /// <returns><c>{"msgId":"n","version":"1.0","data":{"firmwareVersion":"1.0.0"}}</c> on the inform topic at QoS 1.</returns>
        public OutgoingMessage ReportVersion(string runningVersion)
        {
            return new OutgoingMessage(_informTopic, VersionPayload(NextId(), runningVersion), 1);
        }

        /// <inheritdoc />
        /// <returns>
        /// A progress report: "downloading" (0..100) at QoS 0; "burning" and "done" (100) at QoS 1; "failed" with
        /// <see cref="FailureCode"/> and the detail at QoS 1.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
        public OutgoingMessage ReportProgress(UpdateJob job, ProgressState state, int percent, UpdateResult result)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            string id = JobValidator.SafeCorrelationId(job.CorrelationId);
            if (id == null)
            {
                id = NextId();
            }

            switch (state)
            {
                case ProgressState.Downloading:
                    int clamped = percent < 0 ? 0 : (percent > 100 ? 100 : percent);
                    return Progress(id, "downloading", clamped, 0, "downloading " + job.Version, 0);
                case ProgressState.Burning:
                    return Progress(id, "burning", 100, 0, "activating " + job.Version, 1);
                case ProgressState.Done:
                    return Progress(id, "done", 100, 0, "running " + job.Version, 1);
                default:
                    return Progress(id, "failed", 0, FailureCode(result), ReportText.Failure(result, "upgrade failed"), 1);
            }
        }

        /// <inheritdoc />
        /// <returns>A "failed" progress report with code -1 against <paramref name="correlationId"/>, or null when it is null.</returns>
        public OutgoingMessage ReportRejected(string correlationId, string reason)
        {
            string id = JobValidator.SafeCorrelationId(correlationId);
            if (id == null)
            {
                return null;
            }

            return Progress(id, "failed", 0, -1, JsonText.LimitMessage("rejected firmware message", reason), 1);
        }

        /// <inheritdoc />
        /// <returns>A firmware-info request for <paramref name="runningVersion"/> on the get topic at QoS 1 (answered on get_reply).</returns>
        public OutgoingMessage RequestFirmware(string runningVersion)
        {
            return new OutgoingMessage(_getTopic, VersionPayload(NextId(), runningVersion), 1);
        }

        /// <summary>Maps a failure to the JD progress code (-1..-4, the same table as Aliyun's steps).</summary>
        /// <returns>-2 download, -3 verification, -4 flash, -1 anything else (see <see cref="Aliyun.AliyunDialect.FailureStep"/>).</returns>
        public static int FailureCode(UpdateResult result)
        {
            return Aliyun.AliyunDialect.FailureStep(result);
        }

        private string NextId()
        {
            return Interlocked.Increment(ref _messageId).ToString();
        }

        private static byte[] VersionPayload(string id, string version)
        {
            StringBuilder json = new StringBuilder(96);
            json.Append('{');
            JsonText.AppendMember(json, "msgId", id);
            json.Append(',');
            JsonText.AppendMember(json, "version", ProtocolVersion);
            json.Append(",\"data\":{");
            JsonText.AppendMember(json, "firmwareVersion", version);
            json.Append("}}");
            return JsonText.ToUtf8(json);
        }

        private OutgoingMessage Progress(string id, string status, int progress, int code, string desc, int qos)
        {
            StringBuilder json = new StringBuilder(160);
            json.Append('{');
            JsonText.AppendMember(json, "msgId", id);
            json.Append(',');
            JsonText.AppendMember(json, "version", ProtocolVersion);
            json.Append(",\"data\":{");
            JsonText.AppendMember(json, "status", status);
            json.Append(",\"progress\":");
            json.Append(progress.ToString());
            json.Append(",\"code\":");
            json.Append(code.ToString());
            json.Append(',');
            JsonText.AppendMember(json, "desc", desc);
            json.Append("}}");
            return new OutgoingMessage(_progressTopic, JsonText.ToUtf8(json), qos);
        }
    }
}
