// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    /// <summary>A cloud message translated by a dialect into what the agent understands.</summary>
    public sealed class CloudCommand
    {
        private CloudCommand(CommandKind kind, UpdateJob job, string error, string correlationId)
        {
            Kind = kind;
            Job = job;
            Error = error;
            CorrelationId = correlationId;
        }

        /// <summary>What the message asks for.</summary>
        public CommandKind Kind { get; private set; }

        /// <summary>The validated job for <see cref="CommandKind.Update"/>, otherwise null.</summary>
        public UpdateJob Job { get; private set; }

        /// <summary>Why the message was rejected or ignored (for the log and the failure report).</summary>
        public string Error { get; private set; }

        /// <summary>The cloud's id of the message or job when it could be read (so a rejection can be reported against it), or null.</summary>
        public string CorrelationId { get; private set; }

        /// <summary>An update command.</summary>
        public static CloudCommand Update(UpdateJob job)
        {
            return new CloudCommand(CommandKind.Update, job, null, job.CorrelationId);
        }

        /// <summary>A message that is not for the agent.</summary>
        public static CloudCommand Ignore(string reason)
        {
            return new CloudCommand(CommandKind.Ignore, null, reason, null);
        }

        /// <summary>A malformed command; <paramref name="correlationId"/> may be null when not even that could be read.</summary>
        public static CloudCommand Rejected(string reason, string correlationId)
        {
            return new CloudCommand(CommandKind.Rejected, null, reason, correlationId);
        }

        /// <summary>A reply without a job (version acknowledged, nothing pending, cloud error).</summary>
        public static CloudCommand Reply(CommandKind kind, string detail)
        {
            return new CloudCommand(kind, null, detail, null);
        }
    }
}
