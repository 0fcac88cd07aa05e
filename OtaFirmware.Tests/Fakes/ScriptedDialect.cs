// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// A minimal line-based dialect for agent tests (the real dialects are tested with the real broker):
    /// "update" messages carry "version|size|md5hex|url|id"; "none" means nothing pending; anything else is rejected.
    /// Reports read "state percent version error detail".
    /// </summary>
    public sealed class ScriptedDialect : ICloudDialect
    {
        /// <summary>Creates the dialect; it can request firmware unless told otherwise.</summary>
        public ScriptedDialect()
        {
            CanRequestFirmware = true;
            Device = "board";
        }

        /// <summary>The device's name: part of its subscription topics, as with the real clouds.</summary>
        public string Device { get; set; }

        /// <summary>Whether <see cref="RequestFirmware"/> returns a message.</summary>
        public bool CanRequestFirmware { get; set; }

        /// <inheritdoc />
        public string Name
        {
            get { return "scripted"; }
        }

        /// <inheritdoc />
        public string[] SubscriptionTopics
        {
            get { return new string[] { "update", "none", "devices/" + Device }; }
        }

        /// <summary>Builds the payload of an update command.</summary>
        public static byte[] UpdatePayload(string version, int size, byte[] md5, string url, string id)
        {
            return Encoding.UTF8.GetBytes(version + "|" + size.ToString() + "|" + HexText.From(md5) + "|" + url + "|" + id);
        }

        /// <inheritdoc />
        public CloudCommand Parse(string topic, byte[] payload, int length)
        {
            if (topic == "none")
            {
                return CloudCommand.Reply(CommandKind.NoUpdatePending, "nothing");
            }

            if (topic != "update")
            {
                return CloudCommand.Ignore("not ours");
            }

            string text = Encoding.UTF8.GetString(payload, 0, length);
            string[] parts = text.Split(new char[] { '|' });
            int size;
            if (parts.Length != 5 || !int.TryParse(parts[1], out size) || parts[2].Length != 32)
            {
                return CloudCommand.Rejected("malformed", parts.Length == 5 ? parts[4] : null);
            }

            byte[] md5 = HexText.ToBytes(parts[2]);
            return CloudCommand.Update(new UpdateJob(parts[0], size, md5, null, parts[3], parts[4]));
        }

        /// <inheritdoc />
        public OutgoingMessage ReportVersion(string runningVersion)
        {
            return new OutgoingMessage("version", Encoding.UTF8.GetBytes("version " + runningVersion), 1);
        }

        /// <inheritdoc />
        public OutgoingMessage ReportProgress(UpdateJob job, ProgressState state, int percent, UpdateResult result)
        {
            string name = state == ProgressState.Downloading ? "downloading" : state == ProgressState.Burning ? "burning" : state == ProgressState.Done ? "done" : "fail";
            string text = name + " " + percent.ToString() + " " + job.Version + " " + (result == null ? "0" : ((int)result.Error).ToString()) + " " + (result == null ? string.Empty : result.Detail);
            return new OutgoingMessage("progress", Encoding.UTF8.GetBytes(text), state == ProgressState.Downloading ? 0 : 1);
        }

        /// <inheritdoc />
        public OutgoingMessage ReportRejected(string correlationId, string reason)
        {
            return new OutgoingMessage("progress", Encoding.UTF8.GetBytes("rejected " + correlationId + " " + reason), 1);
        }

        /// <inheritdoc />
        public OutgoingMessage RequestFirmware(string runningVersion)
        {
            return CanRequestFirmware ? new OutgoingMessage("request", Encoding.UTF8.GetBytes("request " + runningVersion), 1) : null;
        }
    }
}
