// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Text;
using OtaFirmware.Text;

namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>
    /// The gateway's view of its sub-devices' sessions with the Tencent cloud: builds the online/offline requests for
    /// <see cref="OperationTopic"/> and applies the per-device results from <see cref="OperationResultTopic"/>. A
    /// sub-device the cloud refuses (non-zero result) is reported and skipped: it never becomes online, so no OTA
    /// topic is subscribed for it. JSON is written with <see cref="JsonText"/> and read with the portable
    /// <see cref="JsonReader"/>, so it behaves the same on the device and the host. Not thread-safe.
    /// <para>
    /// Wiring: after the MQTT connect, subscribe <see cref="OperationResultTopic"/>, publish
    /// <see cref="BuildOnlineRequest"/> to <see cref="OperationTopic"/>, feed each message of the result topic to
    /// <see cref="ApplyResult(byte[], int, out SubDeviceOperationResult[])"/>; for each accepted device subscribe <see cref="TencentGatewayTopics.OtaUpdate"/> and
    /// publish report_version (the Tencent dialect's payload) to <see cref="TencentGatewayTopics.OtaReport"/>; log and
    /// skip refused ones. After a reconnect every sub-device is offline again: call <see cref="MarkAllOffline"/> and repeat.
    /// </para>
    /// </summary>
    public sealed class TencentGatewaySession
    {
        // The members of a device entry that are read: product_id, device_name, result (in this order).
        private static readonly string[] DeviceFields = new string[] { "product_id", "device_name", "result" };

        private readonly ArrayList _online = new ArrayList();

        /// <summary>Creates a session for the gateway device <paramref name="productId"/>/<paramref name="deviceName"/>.</summary>
        public TencentGatewaySession(string productId, string deviceName)
        {
            if (productId == null)
            {
                throw new ArgumentNullException("productId");
            }

            if (deviceName == null)
            {
                throw new ArgumentNullException("deviceName");
            }

            OperationTopic = TencentGatewayTopics.Operation(productId, deviceName);
            OperationResultTopic = TencentGatewayTopics.OperationResult(productId, deviceName);
        }

        /// <summary>Where online/offline requests are published.</summary>
        public string OperationTopic { get; private set; }

        /// <summary>Where the cloud answers them (subscribe before publishing).</summary>
        public string OperationResultTopic { get; private set; }

        /// <summary>Number of sub-devices the cloud accepted online.</summary>
        public int OnlineCount
        {
            get { return _online.Count; }
        }

        /// <summary>The payload announcing <paramref name="devices"/> online:
        /// <c>{"type":"online","payload":{"devices":[{"product_id":"..","device_name":".."}]}}</c>.</summary>
        public string BuildOnlineRequest(SubDeviceId[] devices)
        {
            return BuildRequest("online", devices);
        }

        /// <summary>The payload announcing <paramref name="devices"/> offline (same shape, type "offline").</summary>
        public string BuildOfflineRequest(SubDeviceId[] devices)
        {
            return BuildRequest("offline", devices);
        }

        /// <summary>
        /// Applies a message from <see cref="OperationResultTopic"/>: accepted online devices become online, accepted
        /// offline devices offline; refused devices keep their state and are returned with their code.
        /// </summary>
        /// <param name="results">Every device in the message, accepted or refused, or null on failure.</param>
        /// <returns>Ok, Malformed, UnknownType (the message was valid but not online/offline; nothing changed) or MissingField.</returns>
        public GatewayMessageStatus ApplyResult(string json, out SubDeviceOperationResult[] results)
        {
            byte[] payload = json == null ? null : Encoding.UTF8.GetBytes(json);
            return ApplyResult(payload, payload == null ? 0 : payload.Length, out results);
        }

        /// <summary>
        /// Applies a message from <see cref="OperationResultTopic"/> as it arrived (UTF-8 bytes), parsed with the
        /// portable <see cref="JsonReader"/>; see <see cref="ApplyResult(string, out SubDeviceOperationResult[])"/>.
        /// </summary>
        /// <param name="payload">The message bytes.</param>
        /// <param name="length">How many bytes of <paramref name="payload"/> are the message.</param>
        /// <param name="results">Every device in the message, accepted or refused, or null on failure.</param>
        /// <returns>Ok, Malformed, UnknownType or MissingField.</returns>
        public GatewayMessageStatus ApplyResult(byte[] payload, int length, out SubDeviceOperationResult[] results)
        {
            results = null;
            string type;
            ArrayList parsed = new ArrayList();
            GatewayMessageStatus status = Parse(payload, length, out type, parsed);
            if (status != GatewayMessageStatus.Ok)
            {
                return status;
            }

            bool online = type == "online";
            if (!online && type != "offline")
            {
                return GatewayMessageStatus.UnknownType;
            }

            results = new SubDeviceOperationResult[parsed.Count];
            for (int i = 0; i < parsed.Count; i++)
            {
                SubDeviceOperationResult result = (SubDeviceOperationResult)parsed[i];
                results[i] = result;
                if (!result.Accepted)
                {
                    continue;
                }

                int index = IndexOf(result.Device);
                if (online && index < 0)
                {
                    _online.Add(result.Device);
                }
                else if (!online && index >= 0)
                {
                    _online.RemoveAt(index);
                }
            }

            return GatewayMessageStatus.Ok;
        }

        /// <summary>True when the cloud accepted <paramref name="device"/> online (and not offline since).</summary>
        public bool IsOnline(SubDeviceId device)
        {
            return IndexOf(device) >= 0;
        }

        /// <summary>Forgets every online sub-device (after the MQTT connection was lost).</summary>
        public void MarkAllOffline()
        {
            _online.Clear();
        }

        private int IndexOf(SubDeviceId device)
        {
            for (int i = 0; i < _online.Count; i++)
            {
                if (((SubDeviceId)_online[i]).SameAs(device))
                {
                    return i;
                }
            }

            return -1;
        }

        private static string BuildRequest(string type, SubDeviceId[] devices)
        {
            if (devices == null)
            {
                throw new ArgumentNullException("devices");
            }

            StringBuilder json = new StringBuilder();
            json.Append('{');
            JsonText.AppendMember(json, "type", type);
            json.Append(",\"payload\":{\"devices\":[");
            for (int i = 0; i < devices.Length; i++)
            {
                if (i > 0)
                {
                    json.Append(',');
                }

                json.Append('{');
                JsonText.AppendMember(json, "product_id", devices[i].ProductId);
                json.Append(',');
                JsonText.AppendMember(json, "device_name", devices[i].DeviceName);
                json.Append('}');
            }

            json.Append("]}}");
            return json.ToString();
        }

        private static GatewayMessageStatus Parse(byte[] payload, int length, out string type, ArrayList results)
        {
            type = null;
            JsonReader json = new JsonReader(payload, 0, length);
            bool devicesSeen = false;
            GatewayMessageStatus status = GatewayMessageStatus.Ok;
            string name;
            if (!json.ReadStartObject())
            {
                return GatewayMessageStatus.Malformed;
            }

            while (status == GatewayMessageStatus.Ok && json.NextMember(out name))
            {
                if (name == "type")
                {
                    status = json.ReadString(out type) ? GatewayMessageStatus.Ok : GatewayMessageStatus.Malformed;
                }
                else if (name == "payload")
                {
                    status = ParsePayload(json, results, ref devicesSeen);
                }
                else
                {
                    status = json.Skip() ? GatewayMessageStatus.Ok : GatewayMessageStatus.Malformed;
                }
            }

            if (status != GatewayMessageStatus.Ok)
            {
                return status;
            }

            return !json.ReadEnd() || type == null || !devicesSeen ? GatewayMessageStatus.Malformed : GatewayMessageStatus.Ok;
        }

        private static GatewayMessageStatus ParsePayload(JsonReader json, ArrayList results, ref bool devicesSeen)
        {
            if (!json.ReadStartObject())
            {
                return GatewayMessageStatus.Malformed;
            }

            string name;
            while (json.NextMember(out name))
            {
                if (name != "devices")
                {
                    if (!json.Skip())
                    {
                        return GatewayMessageStatus.Malformed;
                    }

                    continue;
                }

                devicesSeen = true;
                if (!json.ReadStartArray())
                {
                    return GatewayMessageStatus.Malformed;
                }

                while (json.NextElement())
                {
                    GatewayMessageStatus status = ParseDevice(json, results);
                    if (status != GatewayMessageStatus.Ok)
                    {
                        return status;
                    }
                }
            }

            return json.Failed ? GatewayMessageStatus.Malformed : GatewayMessageStatus.Ok;
        }

        private static GatewayMessageStatus ParseDevice(JsonReader json, ArrayList results)
        {
            string[] fields = new string[DeviceFields.Length];
            if (json.Peek() != JsonToken.Object || !json.ReadFields(DeviceFields, fields))
            {
                return GatewayMessageStatus.Malformed;
            }

            string productId = fields[0];
            string deviceName = fields[1];
            string resultText = fields[2];
            int result;
            if (resultText != null && !TryParseCode(resultText, out result))
            {
                return GatewayMessageStatus.Malformed;
            }

            if (productId == null || deviceName == null || productId.Length == 0 || deviceName.Length == 0 || resultText == null)
            {
                return GatewayMessageStatus.MissingField;
            }

            TryParseCode(resultText, out result);
            results.Add(new SubDeviceOperationResult(new SubDeviceId(productId, deviceName), result));
            return GatewayMessageStatus.Ok;
        }

        /// <summary>A result code: an optional '-' and 1 to 9 digits (a JSON number or, as the Tencent SDK sends it, a string).</summary>
        private static bool TryParseCode(string text, out int code)
        {
            code = 0;
            bool negative = text.Length > 0 && text[0] == '-';
            int start = negative ? 1 : 0;
            if (text.Length == start || text.Length - start > 9)
            {
                return false;
            }

            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                code = (code * 10) + (c - '0');
            }

            code = negative ? -code : code;
            return true;
        }
    }
}
