// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using System.Threading;
using OtaFirmware.Clouds;
using OtaFirmware.Agent;
using OtaFirmware.Text;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds.Aliyun
{
    /// <summary>
    /// Aliyun IoT OTA (the <c>/ota/device/...</c> topics of iotkit-embedded 3.x and Link SDK 4.x): subscribes
    /// <c>/ota/device/upgrade/{pk}/{dn}</c>; publishes the version on <c>/ota/device/inform/{pk}/{dn}</c>, progress on
    /// <c>/ota/device/progress/{pk}/{dn}</c> and firmware requests on <c>/ota/device/request/{pk}/{dn}</c>.
    /// </summary>
    /// <remarks>
    /// Decisions where the documentation is silent:
    /// <list type="bullet">
    /// <item>Aliyun judges success only by the version the device reports. <see cref="ProgressState.Done"/> sends step
    /// "100"; the agent then calls <see cref="ReportVersion"/> with the new version, which is what completes the upgrade
    /// on the cloud side. <see cref="ProgressState.Burning"/> also sends step "100" (download complete); downloading
    /// steps are clamped to 1..100 because 0 is not a valid step.</item>
    /// <item>Progress reports carry the upgrade message's id (the job's correlation id); version reports and requests
    /// carry a per-dialect counter starting at 1.</item>
    /// <item>A message whose code is not "1000" is a <see cref="CommandKind.CloudError"/>; a code "1000" without usable
    /// data is <see cref="CommandKind.Rejected"/>. "message" is not checked (code is authoritative).</item>
    /// <item>Digest: <c>md5</c> and/or <c>sign</c> with <c>signMethod</c> "Md5" (case-insensitive) or
    /// "SHA256"/"Sha256"; an MD5 given twice must agree. Differential packages (<c>isDiff</c>) and firmware for a
    /// module other than "default" (multi-module products) are rejected.</item>
    /// </list>
    /// </remarks>
    public sealed class AliyunDialect : ICloudDialect
    {
        /// <summary>Step for a general upgrade failure.</summary>
        public const int StepUpgradeFailed = -1;

        /// <summary>Step for a failed download.</summary>
        public const int StepDownloadFailed = -2;

        /// <summary>Step for a failed verification.</summary>
        public const int StepVerifyFailed = -3;

        /// <summary>Step for a failed flash write or activation.</summary>
        public const int StepFlashFailed = -4;

        // The members of "data" read, in this order (indices below).
        private static readonly string[] DataFields = new string[] { "size", "version", "url", "md5", "sign", "signMethod", "module", "isDiff" };
        private const int DataSize = 0;
        private const int DataVersion = 1;
        private const int DataUrl = 2;
        private const int DataMd5 = 3;
        private const int DataSign = 4;
        private const int DataSignMethod = 5;
        private const int DataModule = 6;
        private const int DataIsDiff = 7;

        private readonly DialectOptions _options;
        private readonly string _upgradeTopic;
        private readonly string _informTopic;
        private readonly string _progressTopic;
        private readonly string _requestTopic;
        private int _messageId;

        /// <summary>Creates the dialect for one device.</summary>
        /// <param name="productKey">Product key.</param>
        /// <param name="deviceName">Device name.</param>
        /// <param name="options">Limits, or null for the field defaults.</param>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public AliyunDialect(string productKey, string deviceName, DialectOptions options)
        {
            CloudTopics.CheckSegment(productKey, "productKey");
            CloudTopics.CheckSegment(deviceName, "deviceName");
            _options = options == null ? new DialectOptions() : options;
            string suffix = "/" + productKey + "/" + deviceName;
            _upgradeTopic = "/ota/device/upgrade" + suffix;
            _informTopic = "/ota/device/inform" + suffix;
            _progressTopic = "/ota/device/progress" + suffix;
            _requestTopic = "/ota/device/request" + suffix;
        }

        /// <summary>Creates the dialect with the field defaults.</summary>
        /// <exception cref="ArgumentNullException">An id is null.</exception>
        /// <exception cref="ArgumentException">An id is empty or contains '/', '+' or '#'.</exception>
        public AliyunDialect(string productKey, string deviceName)
            : this(productKey, deviceName, null)
        {
        }

        /// <inheritdoc />
        public string Name
        {
            get { return "aliyun"; }
        }

        /// <inheritdoc />
        public string[] SubscriptionTopics
        {
            get { return new string[] { _upgradeTopic }; }
        }

        /// <inheritdoc />
        /// <returns>
        /// <see cref="CommandKind.Ignore"/> for another topic; <see cref="CommandKind.CloudError"/> for a code other than
        /// "1000"; <see cref="CommandKind.Update"/> for a valid firmware; <see cref="CommandKind.Rejected"/> otherwise.
        /// </returns>
        public CloudCommand Parse(string topic, byte[] payload, int length)
        {
            if (topic != _upgradeTopic)
            {
                return CloudCommand.Ignore("topic '" + JobValidator.Clip(topic) + "' is not this device's OTA topic");
            }

            JsonReader json;
            CloudCommand failure = JobValidator.OpenJson(payload, length, out json);
            if (failure != null)
            {
                return failure;
            }

            string code = null;
            string messageId = null;
            string text = null;
            bool hasData = false;
            string[] data = new string[DataFields.Length];
            string name;
            while (json.NextMember(out name))
            {
                bool read;
                if (name == "code")
                {
                    read = json.ReadStringOrNumber(out code);
                }
                else if (name == "id")
                {
                    read = json.ReadStringOrNumber(out messageId);
                }
                else if (name == "message")
                {
                    read = json.ReadStringOrNumber(out text);
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
            if (code == null || code.Length == 0)
            {
                return CloudCommand.Rejected("missing code", id);
            }

            if (code != "1000")
            {
                return CloudCommand.Reply(
                    CommandKind.CloudError,
                    "upgrade message code " + JobValidator.Clip(code) + ": " + JobValidator.Clip(text));
            }

            if (!hasData)
            {
                return CloudCommand.Rejected("missing data", id);
            }

            string isDiff = data[DataIsDiff];
            string module = data[DataModule];
            string sign = data[DataSign];
            string signMethod = data[DataSignMethod];
            if (isDiff != null && isDiff != "0" && isDiff != "false")
            {
                return CloudCommand.Rejected("differential packages are not supported", id);
            }

            if (module != null && module.Length > 0 && module != "default")
            {
                return CloudCommand.Rejected("firmware for module '" + JobValidator.Clip(module) + "', not the default (application) module", id);
            }

            string md5 = data[DataMd5];
            string sha256 = null;
            if (sign != null || signMethod != null)
            {
                string method = signMethod == null ? null : signMethod.ToLower();
                if (method == null || method.Length == 0)
                {
                    return CloudCommand.Rejected("sign without signMethod", id);
                }

                if (sign == null || sign.Length == 0)
                {
                    return CloudCommand.Rejected("signMethod without sign", id);
                }

                if (method == "md5")
                {
                    if (md5 != null && md5.ToLower() != sign.ToLower())
                    {
                        return CloudCommand.Rejected("md5 and sign disagree", id);
                    }

                    md5 = sign;
                }
                else if (method == "sha256")
                {
                    sha256 = sign;
                }
                else
                {
                    return CloudCommand.Rejected("unsupported signMethod '" + JobValidator.Clip(signMethod) + "'", id);
                }
            }

            return JobValidator.BuildJob(data[DataVersion], data[DataSize], md5, sha256, data[DataUrl], id, false, _options);
        }

        /// <inheritdoc />
        /// <returns><c>{"id":"n","params":{"version":"1.0.0"}}</c> on the inform topic at QoS 1.</returns>
        public OutgoingMessage ReportVersion(string runningVersion)
        {
            return new OutgoingMessage(_informTopic, VersionPayload(NextId(), runningVersion), 1);
        }

        /// <inheritdoc />
        /// <returns>
        /// <c>{"id":"..","params":{"step":"45","desc":"downloading"}}</c> on the progress topic: downloading at QoS 0 (step
        /// 1..100); burning and done step "100" at QoS 1; failed with <see cref="FailureStep"/> and the detail at QoS 1.
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
                    int step = percent < 1 ? 1 : (percent > 100 ? 100 : percent);
                    return Progress(id, step.ToString(), "downloading", 0);
                case ProgressState.Burning:
                    return Progress(id, "100", "downloaded and verified, activating " + job.Version, 1);
                case ProgressState.Done:
                    return Progress(id, "100", "upgrade done, running " + job.Version, 1);
                default:
                    int code = FailureStep(result);
                    return Progress(id, code.ToString(), ReportText.Failure(result, StepText(code)), 1);
            }
        }

        /// <inheritdoc />
        /// <returns>A progress report with step -1 against <paramref name="correlationId"/>, or null when it is null.</returns>
        public OutgoingMessage ReportRejected(string correlationId, string reason)
        {
            string id = JobValidator.SafeCorrelationId(correlationId);
            if (id == null)
            {
                return null;
            }

            return Progress(id, StepUpgradeFailed.ToString(), JsonText.LimitMessage("rejected upgrade message", reason), 1);
        }

        /// <inheritdoc />
        /// <returns><c>{"id":"n","params":{"version":"1.0.0"}}</c> on the request topic at QoS 1; the cloud answers on the upgrade topic.</returns>
        public OutgoingMessage RequestFirmware(string runningVersion)
        {
            return new OutgoingMessage(_requestTopic, VersionPayload(NextId(), runningVersion), 1);
        }

        /// <summary>Maps a failure to Aliyun's progress step (-1..-4).</summary>
        /// <returns>
        /// -2 for download errors (unreachable, 403, 404, Range problems, HTTP errors, retries exhausted); -3 for
        /// <see cref="UpdateError.DigestMismatch"/>, <see cref="UpdateError.SignatureInvalid"/>,
        /// <see cref="UpdateError.WrongImage"/> and <see cref="UpdateError.VersionMismatch"/>; -4 for <see cref="UpdateError.FlashError"/> and
        /// <see cref="UpdateError.ActivationFailed"/>; -1 for everything else, including a null result.
        /// </returns>
        public static int FailureStep(UpdateResult result)
        {
            if (result == null)
            {
                return StepUpgradeFailed;
            }

            switch (result.Error)
            {
                case UpdateError.SourceUnavailable:
                case UpdateError.Forbidden:
                case UpdateError.NotFound:
                case UpdateError.RangeMismatch:
                case UpdateError.RetriesExhausted:
                case UpdateError.HttpError:
                    return StepDownloadFailed;
                case UpdateError.DigestMismatch:
                case UpdateError.SignatureInvalid:
                case UpdateError.WrongImage:
                case UpdateError.VersionMismatch:
                    return StepVerifyFailed;
                case UpdateError.FlashError:
                case UpdateError.ActivationFailed:
                    return StepFlashFailed;
                default:
                    return StepUpgradeFailed;
            }
        }

        private static string StepText(int step)
        {
            switch (step)
            {
                case StepDownloadFailed:
                    return "download failed";
                case StepVerifyFailed:
                    return "verification failed";
                case StepFlashFailed:
                    return "flash failed";
                default:
                    return "upgrade failed";
            }
        }

        private string NextId()
        {
            return Interlocked.Increment(ref _messageId).ToString();
        }

        private static byte[] VersionPayload(string id, string version)
        {
            StringBuilder json = new StringBuilder(64);
            json.Append('{');
            JsonText.AppendMember(json, "id", id);
            json.Append(",\"params\":{");
            JsonText.AppendMember(json, "version", version);
            json.Append("}}");
            return JsonText.ToUtf8(json);
        }

        private OutgoingMessage Progress(string id, string step, string desc, int qos)
        {
            StringBuilder json = new StringBuilder(128);
            json.Append('{');
            JsonText.AppendMember(json, "id", id);
            json.Append(",\"params\":{");
            JsonText.AppendMember(json, "step", step);
            json.Append(',');
            JsonText.AppendMember(json, "desc", desc);
            json.Append("}}");
            return new OutgoingMessage(_progressTopic, JsonText.ToUtf8(json), qos);
        }
    }
}
