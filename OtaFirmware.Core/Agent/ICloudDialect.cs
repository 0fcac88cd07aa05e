// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// Translates between one cloud's OTA protocol (Tencent IoT Hub, Aliyun IoT, JD Cloud) and the agent.
    /// Dialects hold no update state: the agent's state machine is the only one. Every method returns a value; none
    /// throws on bad input.
    /// </summary>
    public interface ICloudDialect
    {
        /// <summary>Short name for logs ("tencent", "aliyun", "jdcloud").</summary>
        string Name { get; }

        /// <summary>Topics to subscribe after every (re)connect, at QoS 1.</summary>
        string[] SubscriptionTopics { get; }

        /// <summary>Translates an incoming message. Never throws; a malformed payload yields <see cref="CommandKind.Rejected"/>.</summary>
        CloudCommand Parse(string topic, byte[] payload, int length);

        /// <summary>The message reporting the running version (sent at start-up, after an update and when asked).</summary>
        OutgoingMessage ReportVersion(string runningVersion);

        /// <summary>A progress or outcome report for <paramref name="job"/> (<paramref name="result"/> is null unless failed).</summary>
        OutgoingMessage ReportProgress(UpdateJob job, ProgressState state, int percent, UpdateResult result);

        /// <summary>A rejection report for a command that could not be turned into a job but carried an id (or null when the dialect cannot attribute it).</summary>
        OutgoingMessage ReportRejected(string correlationId, string reason);

        /// <summary>Asks the cloud for the pending update or a fresh URL for it; null when the dialect has no such message.</summary>
        OutgoingMessage RequestFirmware(string runningVersion);
    }
}
